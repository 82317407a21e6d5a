package dev.mheap4j.sweep;

import dev.mheap4j.bitmap.ArenaPageBitmaps;

/**
 * The heap as the sweeper and the page reclaimer see it: a narrow view that heap-core implements and another heap
 * could implement too. Its methods mirror the few mheap fields and functions Go's sweeping code touches.
 *
 * @param <S> the heap's span type
 */
public interface SweepableHeap<S extends SweepableSpan> {

    /**
     * The heap's sweep generation; changes only while the world is stopped.
     *
     * @mirrors mheap.go:mheap.sweepgen
     */
    int sweepgen();

    /**
     * Pops a span from the stack of spans still to sweep this cycle ({@code sweepSpans[1 - sg/2%2]}), or null
     * when it is empty. Safe to call from several sweepers at once.
     *
     * @mirrors mgcsweepbuf.go:(*gcSweepBuf).pop
     */
    S popUnswept();

    /** Whether {@code span} is a heap span in use (a volatile load of its state). */
    boolean isInUse(S span);

    /**
     * Sweeps a span the caller has claimed (sweepgen sg-1), without the heap lock held. Returns whether the span
     * was freed back to the heap.
     *
     * @mirrors mgcsweep.go:(*mspan).sweep with preserve = false
     */
    boolean sweepSpan(S span);

    /**
     * Disables preemption: while the caller holds this, no GC cycle can start (Go's acquirem, which keeps the
     * world from stopping). Reentrant.
     *
     * @mirrors runtime2.go:m.locks
     */
    void acquireM();

    /** Ends {@link #acquireM}. */
    void releaseM();

    /**
     * Takes the heap lock for the page reclaimer.
     *
     * @mirrors mheap.go:mheap.lock
     */
    void lockHeap();

    /** Releases the heap lock. */
    void unlockHeap();

    /** Whether the calling thread holds the heap lock (for precondition checks). */
    boolean heapLockHeld();

    /** The pageInUse / pageMarks bitmaps of arena {@code arenaIndex}, which must be mapped. */
    ArenaPageBitmaps arenaBitmaps(long arenaIndex);

    /**
     * The span recorded for page {@code pageInArena} of arena {@code arenaIndex}; possibly stale, so only to be
     * read with the heap lock held.
     *
     * @mirrors mheap.go:heapArena.spans
     */
    S spanAt(long arenaIndex, int pageInArena);

    /** Pages per arena. */
    int pagesPerArena();

    /**
     * heap_live, loaded atomically (proportional sweep measures allocation against it).
     *
     * @mirrors mstats.go:mstats.heap_live
     */
    long heapLive();
}

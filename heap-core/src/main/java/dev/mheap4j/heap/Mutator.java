package dev.mheap4j.heap;

import java.util.function.Supplier;

/**
 * A simulated goroutine's view of the heap: allocation through its own mcache, each call inside a world section
 * (so a GC cannot stop the world half way through), and, after an allocation that took the slow path, Go's check
 * of the GC trigger, which may run a cycle on this thread (as mallocgc calls gcStart).
 *
 * <p>Bookkeeping that must not be seen half done by the mark phase (the workload's own live set) goes inside
 * {@link #atomically}; no cycle starts from inside it. One thread uses a Mutator at a time.
 */
public final class Mutator implements AutoCloseable {

    private final MHeap heap;
    private final MCache cache;
    private final World world;
    /** A GC trigger seen inside {@link #atomically}, acted on when it ends. Owner thread only. */
    private boolean gcPending;

    Mutator(MHeap heap) {
        this.heap = heap;
        this.cache = heap.newMCache();
        this.world = heap.world();
    }

    /**
     * Allocates a small object and returns its address.
     *
     * @throws IllegalArgumentException naming the size when it is not 1 to 32768
     * @throws HeapExhaustedException   when the heap cannot grow
     * @mirrors malloc.go:mallocgc small objects
     */
    public long mallocSmall(long size, boolean noscan) {
        world.enter();
        long p;
        boolean heavy;
        try {
            cache.prepareForSweep();
            p = cache.mallocSmall(size, noscan);
            heavy = cache.lastAllocWasHeavy();
        } finally {
            world.exit();
        }
        if (heavy) {
            helpGC();
        }
        return p;
    }

    /**
     * Allocates a large object (its own span) and returns the span.
     *
     * @throws IllegalArgumentException naming the size when it is not positive
     * @throws HeapExhaustedException   when the heap cannot grow
     * @mirrors malloc.go:largeAlloc
     */
    public MSpan largeAlloc(long size, boolean noscan) {
        world.enter();
        MSpan s;
        try {
            cache.prepareForSweep();
            s = cache.largeAlloc(size, noscan);
        } finally {
            world.exit();
        }
        helpGC();
        return s;
    }

    /**
     * Allocates {@code size} bytes: a small object up to 32768 bytes, a large one beyond; returns the address.
     *
     * @mirrors malloc.go:mallocgc
     */
    public long malloc(long size, boolean noscan) {
        return size <= SizeClasses.MAX_SMALL_SIZE ? mallocSmall(size, noscan) : largeAlloc(size, noscan).base();
    }

    /** Runs {@code action} with no GC able to start meanwhile (allocations inside it are fine). */
    public <T> T atomically(Supplier<T> action) {
        world.enter();
        try {
            return action.get();
        } finally {
            world.exit();
            if (gcPending && !world.inSection()) {
                gcPending = false;
                heap.collector().maybeCollect();
            }
        }
    }

    /** mallocgc's shouldhelpgc branch: start a cycle if the trigger is reached (deferred inside atomically). */
    private void helpGC() {
        if (world.inSection()) {
            gcPending = true;
            return;
        }
        heap.collector().maybeCollect();
    }

    /** This mutator's cache. */
    public MCache cache() {
        return cache;
    }

    /** Returns the cached spans and unregisters the cache. */
    @Override
    public void close() {
        world.enter();
        try {
            cache.prepareForSweep();
            cache.free();
        } finally {
            world.exit();
        }
    }
}

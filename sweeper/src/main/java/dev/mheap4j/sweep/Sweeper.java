package dev.mheap4j.sweep;

import dev.mheap4j.pacer.PacerTrace;
import dev.mheap4j.pacer.SweepDebt;
import dev.mheap4j.pacer.SweepPacing;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Sweeping orchestration for one heap: {@code sweepone} (take the next unswept span and sweep it), the
 * {@code sweepdone} and {@code sweepers} state, proportional sweep ({@code deductSweepCredit}) against the pacer's
 * line, and the page reclaimer. The per-span work is the heap's ({@link SweepableHeap#sweepSpan}).
 *
 * @param <S> the heap's span type
 * @mirrors mgcsweep.go:sweepdata
 */
public final class Sweeper<S extends SweepableSpan> {

    /**
     * What {@link #sweepone} returns when nothing was left to sweep (Go's {@code ^uintptr(0)}).
     */
    public static final long NOTHING_LEFT = -1L;

    private final SweepableHeap<S> heap;
    private final SweepPacing pacing;
    private final PageReclaimer<S> reclaimer;
    private final LongSupplier heapLive;

    /**
     * 1 when every span of this cycle has been swept or is being swept. Set to 1 atomically by the sweepone that
     * finds the unswept stack empty; set to 0 by gcSweep (world stopped, heap lock held); read atomically. Starts
     * at 1: nothing needs sweeping before the first cycle (gcinit).
     *
     * @mirrors mheap.go:mheap.sweepdone
     */
    private final AtomicInteger sweepdone = new AtomicInteger(1);

    /**
     * Number of sweepone calls in progress. Atomic adds; read atomically by whoever must wait for sweeping to
     * quiesce (Go's runtime.GC).
     *
     * @mirrors mheap.go:mheap.sweepers
     */
    private final AtomicInteger sweepers = new AtomicInteger();

    /** Pages swept this cycle, per {@link SweepSource}. Atomic adds; reset by gcSweep. */
    private final AtomicLongArray pagesSweptBy = new AtomicLongArray(SweepSource.values().length);
    /** Pages swept since the sweeper was made, per {@link SweepSource}. Atomic adds. */
    private final AtomicLongArray totalPagesSweptBy = new AtomicLongArray(SweepSource.values().length);

    /**
     * @param heap    the heap to sweep
     * @param pacing  the pacer's proportional-sweep line (and pagesSwept)
     * @param scan    how the page reclaimer scans its bitmaps
     */
    public Sweeper(SweepableHeap<S> heap, SweepPacing pacing, ReclaimScan scan) {
        this.heap = heap;
        this.pacing = pacing;
        this.reclaimer = new PageReclaimer<>(heap, this, scan);
        this.heapLive = heap::heapLive;
    }

    /**
     * Starts a sweep cycle: sweeping is not done, no page swept, the reclaimer starts over with the heap's current
     * arenas. Called by gcSweep with the world stopped and the heap lock held, right after the heap raised its
     * sweepgen.
     *
     * @mirrors mgc.go:gcSweep the resets of sweepdone, pagesSwept, sweepArenas, reclaimIndex and reclaimCredit
     */
    public void startCycle(long[] allArenas) {
        assert heap.heapLockHeld() : "gcSweep holds the heap lock";
        sweepdone.set(0);
        pacing.resetPagesSwept();
        reclaimer.startCycle(allArenas);
        for (int i = 0; i < pagesSweptBy.length(); i++) {
            pagesSweptBy.set(i, 0);
        }
    }

    /**
     * Sweeps one span from the unswept stack and returns the pages it freed to the heap (0 if the span stayed in
     * use), or {@link #NOTHING_LEFT} when every span is swept. Freed pages become page-reclaimer credit. Spans
     * met in the stack that are not in use must have been swept already (sg or sg+3).
     *
     * @throws IllegalStateException "non in-use span in unswept list" when a span that is not in use sits in the
     *                               unswept stack unswept
     * @mirrors mgcsweep.go:sweepone
     */
    public long sweepone(SweepSource source) {
        double sweepRatio = pacing.sweepPagesPerByte(); // for the trace line, as Go notes it first
        heap.acquireM();
        try {
            if (sweepdone.get() != 0) {
                return NOTHING_LEFT;
            }
            sweepers.incrementAndGet();
            S s;
            int sg = heap.sweepgen();
            while (true) {
                s = heap.popUnswept();
                if (s == null) {
                    sweepdone.set(1);
                    break;
                }
                if (!heap.isInUse(s)) {
                    if (!SweepGen.isSwept(s.sweepgen(), sg)) {
                        sweepers.decrementAndGet();
                        throw new IllegalStateException("non in-use span in unswept list: s.sweepgen="
                                + s.sweepgen() + " sweepgen=" + sg);
                    }
                    continue;
                }
                if (SweepGen.tryClaim(s, sg)) {
                    break;
                }
            }
            long npages = NOTHING_LEFT;
            if (s != null) {
                npages = s.npages();
                if (sweepClaimed(s, source)) {
                    reclaimer.addCredit(npages);
                } else {
                    npages = 0;
                }
            }
            if (sweepers.decrementAndGet() == 0 && sweepdone.get() != 0) {
                PacerTrace.logSweepDone(heap.heapLive(), pacing.sweepHeapLiveBasis(), pacing.pagesSwept(), sweepRatio);
            }
            return npages;
        } finally {
            heap.releaseM();
        }
    }

    /** Sweeps a span the caller claimed, attributing the work to {@code source}; returns whether it was freed. */
    boolean sweepClaimed(S s, SweepSource source) {
        long npages = s.npages();
        boolean freed = heap.sweepSpan(s);
        recordSwept(source, npages);
        return freed;
    }

    /** Counts pages swept by someone other than this class (an mcentral sweeping a span it hands out). */
    public void recordSwept(SweepSource source, long npages) {
        pagesSweptBy.addAndGet(source.ordinal(), npages);
        totalPagesSweptBy.addAndGet(source.ordinal(), npages);
    }

    /**
     * Sweeps until nothing is left, attributing the work to {@code source}; returns the number of spans swept.
     * gcStart does this (as {@link SweepSource#FINISH}) before a new cycle may begin.
     *
     * @mirrors mgc.go:finishsweep_m
     */
    public long sweepAll(SweepSource source) {
        long n = 0;
        while (sweepone(source) != NOTHING_LEFT) {
            n++;
        }
        return n;
    }

    /**
     * Proportional sweep: before allocating {@code spanBytes}, sweeps spans until pagesSwept is back on or above
     * the pacing line at the new heap_live, less {@code callerSweepPages} the caller will sweep itself. When the
     * pacer re-paces concurrently (pagesSweptBasis changes) the debt is recomputed; when nothing is left to sweep
     * the slope is set to 0 without the heap lock, as Go does. Must not hold the heap lock.
     *
     * @throws IllegalArgumentException when spanBytes or callerSweepPages is negative
     * @mirrors mgcsweep.go:deductSweepCredit
     */
    public void deductSweepCredit(long spanBytes, long callerSweepPages) {
        if (pacing.sweepPagesPerByte() == 0) {
            return;
        }
        retry:
        while (true) {
            SweepDebt debt = pacing.debt(heapLive, spanBytes, callerSweepPages);
            while (debt.isOwed(pacing.pagesSwept())) {
                if (sweepone(SweepSource.PROPORTIONAL) == NOTHING_LEFT) {
                    pacing.disableProportionalSweep();
                    return;
                }
                if (pacing.pagesSweptBasis() != debt.sweptBasis()) {
                    continue retry; // the pacer moved the line
                }
            }
            return;
        }
    }

    /**
     * Whether every span of this cycle is swept or being swept.
     *
     * @mirrors mgcsweep.go:isSweepDone
     */
    public boolean isSweepDone() {
        return sweepdone.get() != 0;
    }

    /** sweepone calls in progress. */
    public int sweepers() {
        return sweepers.get();
    }

    /** The page reclaimer. */
    public PageReclaimer<S> reclaimer() {
        return reclaimer;
    }

    /** The pacing line this sweeper pays against. */
    public SweepPacing pacing() {
        return pacing;
    }

    /** Pages swept this cycle by {@code source}. */
    public long pagesSwept(SweepSource source) {
        return pagesSweptBy.get(source.ordinal());
    }

    /** Pages swept by {@code source} since this sweeper was made. */
    public long totalPagesSwept(SweepSource source) {
        return totalPagesSweptBy.get(source.ordinal());
    }
}

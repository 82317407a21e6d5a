package dev.mheap4j.pacer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The proportional-sweep pacing line, shared between the pacer (which draws it) and the sweeper (which stays above
 * it).
 *
 * <p>The line lives in the (heap_live, pagesSwept) plane: it has slope {@code sweepPagesPerByte} and passes through
 * the basis point ({@code sweepHeapLiveBasis}, {@code pagesSweptBasis}). Every allocation must leave
 * {@code pagesSwept} at or above the line at the new heap_live, so sweeping finishes before heap_live reaches the
 * next GC trigger. Go keeps these fields in {@code mheap_}; they are grouped here because nothing else in the heap
 * uses them.
 *
 * <p>{@code pagesSwept} lives here too, although it is the sweeper that advances it: it only has meaning against
 * {@code pagesSweptBasis} (the basis is a snapshot of it, both are reset together each cycle), every reader of it is
 * pacing code (gcSetTriggerRatio, deductSweepCredit, the sweep-done trace line), and keeping the two in one object
 * lets the "basis last" protocol below be stated and kept in one place.
 *
 * <p>Publication protocol (Go's, kept): {@link GcPacer} re-paces with the heap lock held, writing
 * {@code sweepPagesPerByte}, then {@code sweepHeapLiveBasis}, then, LAST, {@code pagesSweptBasis} with a volatile
 * store. A sweeper paying its debt without the lock reads {@code pagesSweptBasis} first and re-reads it after each
 * span it sweeps; a change means the line moved under it, and it recomputes its debt ({@link #debt}). In Java all
 * four fields are volatile or atomic: the lock-free readers need it, and it also rules out torn {@code long} reads
 * (JLS 17.7), which Go does not have to worry about on amd64.
 *
 * @mirrors mheap.go:mheap the proportional sweep fields and their comment block
 */
public final class SweepPacing {

    /**
     * Pages to sweep per byte allocated; 0 means proportional sweep is done or disabled.
     * Writers: {@link GcPacer#gcSetTriggerRatio} (heap lock); gcSweep in blocking mode (heap lock, through
     * {@link #disableProportionalSweep}); deductSweepCredit WITHOUT the lock when sweeping runs dry (also
     * {@code disableProportionalSweep}). Readers: deductSweepCredit (no lock), the sweep-done trace. Sync: volatile.
     *
     * @mirrors mheap.go:mheap.sweepPagesPerByte
     */
    private volatile double sweepPagesPerByte;

    /**
     * heap_live at the basis point of the line.
     * Writer: {@link GcPacer#gcSetTriggerRatio} (heap lock), only when the slope is non-zero, before
     * {@code pagesSweptBasis}. Readers: deductSweepCredit and the sweep-done trace, without the lock. Sync: volatile
     * (Go: "written with lock, read without"); ordered before readers by the {@code pagesSweptBasis} store.
     *
     * @mirrors mheap.go:mheap.sweepHeapLiveBasis
     */
    private volatile long sweepHeapLiveBasis;

    /**
     * pagesSwept at the basis point of the line; its change tells concurrent sweepers to recompute their debt.
     * Writer: {@link GcPacer#gcSetTriggerRatio} (heap lock), the last pacing write, only when the slope is non-zero.
     * Readers: deductSweepCredit, before computing its debt and after each span it sweeps, no lock. Sync: volatile
     * (Go: atomic.Store64 / atomic.Load64).
     *
     * @mirrors mheap.go:mheap.pagesSweptBasis
     */
    private volatile long pagesSweptBasis;

    /**
     * Pages swept this cycle, including spans freed by sweeping.
     * Writers: the sweeper's span sweep (atomic add, no lock, {@link #addPagesSwept}); gcSweep's reset at the start
     * of a cycle (heap lock and stop-the-world in Go, {@link #resetPagesSwept}). Readers: gcSetTriggerRatio (heap
     * lock), deductSweepCredit (no lock), the sweep-done trace. Sync: atomic.
     *
     * @mirrors mheap.go:mheap.pagesSwept
     */
    private final AtomicLong pagesSwept = new AtomicLong();

    /** Volatile load of the slope; 0 when proportional sweep is done or disabled. */
    public double sweepPagesPerByte() {
        return sweepPagesPerByte;
    }

    /** Volatile load of heap_live at the basis point. */
    public long sweepHeapLiveBasis() {
        return sweepHeapLiveBasis;
    }

    /** Volatile load of pagesSwept at the basis point; compare before and after sweeping to detect re-pacing. */
    public long pagesSweptBasis() {
        return pagesSweptBasis;
    }

    /** Volatile load of the pages swept this cycle. */
    public long pagesSwept() {
        return pagesSwept.get();
    }

    /**
     * Atomically adds pages the sweeper has just swept (whether the span was kept or freed).
     *
     * @throws IllegalArgumentException if {@code npages} is negative
     * @mirrors mgcsweep.go:(*mspan).sweep the atomic.Xadd64 of mheap_.pagesSwept
     */
    public void addPagesSwept(long npages) {
        if (npages < 0) {
            throw new IllegalArgumentException("npages must be >= 0: " + npages);
        }
        pagesSwept.addAndGet(npages);
    }

    /**
     * Starts a new sweep cycle's count at 0. The caller holds the heap lock with no sweeper running (Go: STW).
     *
     * @mirrors mgc.go:gcSweep the reset of mheap_.pagesSwept
     */
    public void resetPagesSwept() {
        pagesSwept.set(0);
    }

    /**
     * Sets the slope to 0: gcSweep does so (heap lock) before sweeping everything in blocking mode, and
     * deductSweepCredit does so without the lock when sweepone finds nothing left to sweep. Volatile store.
     *
     * @mirrors mgcsweep.go:deductSweepCredit the unlocked sweepPagesPerByte = 0
     */
    public void disableProportionalSweep() {
        sweepPagesPerByte = 0;
    }

    /**
     * Draws a new line: slope first, then the heap_live basis, then the pages-swept basis LAST (volatile store),
     * which is the signal to concurrent sweepers. Called by {@link GcPacer} with the heap lock held.
     *
     * @mirrors mgc.go:gcSetTriggerRatio the sweep pacing writes, pagesSweptBasis last
     */
    void publish(double pagesPerByte, long heapLiveBasis, long sweptBasis) {
        sweepPagesPerByte = pagesPerByte;
        sweepHeapLiveBasis = heapLiveBasis;
        pagesSweptBasis = sweptBasis;
    }

    /**
     * What a sweeper owes before allocating {@code spanBytes}: reads {@code pagesSweptBasis} first, then heap_live
     * (from {@code heapLive}, an atomic load on a live heap), then the heap_live basis and the slope, in Go's order,
     * and computes the target with {@link SweepDebt#pagesTarget}.
     *
     * <p>The sweeper's loop, which this module leaves to it: if {@link #sweepPagesPerByte()} is 0, return; take a
     * debt; while {@code debt.isOwed(pagesSwept())}, sweep one span (if none is left,
     * {@link #disableProportionalSweep()} and stop), and if {@link #pagesSweptBasis()} no longer equals
     * {@code debt.sweptBasis()}, take a new debt.
     *
     * @param heapLive         reads {@code memstats.heap_live}
     * @param spanBytes        bytes about to be allocated
     * @param callerSweepPages pages the caller has already swept for this allocation
     * @throws IllegalArgumentException if {@code spanBytes}, {@code callerSweepPages} or the heap_live read is
     *                                  negative
     * @mirrors mgcsweep.go:deductSweepCredit the loads and debt computation before the sweep loop
     */
    public SweepDebt debt(LongSupplier heapLive, long spanBytes, long callerSweepPages) {
        SweepDebt.checkNonNegative("spanBytes", spanBytes);
        SweepDebt.checkNonNegative("callerSweepPages", callerSweepPages);
        long sweptBasis = pagesSweptBasis;
        long live = SweepDebt.checkNonNegative("heap_live", heapLive.getAsLong());
        long target = SweepDebt.pagesTarget(spanBytes, callerSweepPages, live, sweepHeapLiveBasis, sweepPagesPerByte);
        return new SweepDebt(sweptBasis, target);
    }

    @Override
    public String toString() {
        return "SweepPacing[sweepPagesPerByte=" + sweepPagesPerByte + ", sweepHeapLiveBasis=" + sweepHeapLiveBasis
                + ", pagesSweptBasis=" + pagesSweptBasis + ", pagesSwept=" + pagesSwept.get() + "]";
    }
}

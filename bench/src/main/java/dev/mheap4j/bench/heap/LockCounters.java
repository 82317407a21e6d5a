package dev.mheap4j.bench.heap;

import dev.mheap4j.heap.HeapLock;
import dev.mheap4j.heap.HeapLockSite;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH auxiliary counters: heap-lock hold and wait time per span operation, read from the instrumented
 * {@link HeapLock}'s histograms at the end of each iteration.
 *
 * <p>An operation is one heap span allocation (one {@link HeapLockSite#ALLOC} acquisition); its hold and wait time
 * is the ALLOC plus FREE time (and RECLAIM, which is zero unless sweeping lags) divided by the ALLOC count, so a
 * figure covers one alloc + free pair. JMH sums {@code EVENTS} counters over threads, so exactly one thread per
 * iteration (the first to get there) reports the heap-wide figures and the others report 0. When the heap's lock is
 * not instrumented all counters stay 0 (they mean "not measured", not "free"). JMH's score for an EVENTS counter
 * is the sum over all measured iterations, not their mean: divide by the number of iterations, or read the JSON with
 * {@code BenchCommand --from}, which reports per-iteration means and their 99.9% error.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class LockCounters {

    /** Mean heap-lock hold time (ns) per alloc + free pair, heap-wide. Written by this thread's teardown. */
    public double holdNsPerOp;
    /** Mean heap-lock wait time (ns) per alloc + free pair, heap-wide. */
    public double waitNsPerOp;
    /** Mean hold time (ns) of the ALLOC site alone per allocation. */
    public double allocHoldNs;
    /** Mean hold time (ns) of the FREE site alone per free. */
    public double freeHoldNs;

    /** Clears the counters before an iteration. */
    @Setup(Level.Iteration)
    public void clear() {
        holdNsPerOp = 0;
        waitNsPerOp = 0;
        allocHoldNs = 0;
        freeHoldNs = 0;
    }

    /** Fills the counters at the end of each iteration (see {@link #report(HeapLock, AtomicBoolean)}). */
    @TearDown(Level.Iteration)
    public void report(SpanAllocFreeBench bench) {
        report(bench.heap.lock(), bench.reported);
    }

    /**
     * Fills the counters from {@code lock} if no other thread did this iteration ({@code reported} is reset by the
     * benchmark's iteration setup).
     */
    void report(HeapLock lock, AtomicBoolean reported) {
        if (!lock.instrumented() || !reported.compareAndSet(false, true)) {
            return;
        }
        HeapLock.LockTimes t = lock.snapshot();
        long allocs = t.holdNanos().get(HeapLockSite.ALLOC).getTotalCount();
        if (allocs == 0) {
            return;
        }
        double hold = 0;
        double wait = 0;
        for (HeapLockSite site : new HeapLockSite[] {HeapLockSite.ALLOC, HeapLockSite.FREE, HeapLockSite.RECLAIM}) {
            hold += total(t.holdNanos().get(site));
            wait += total(t.waitNanos().get(site));
        }
        holdNsPerOp = hold / allocs;
        waitNsPerOp = wait / allocs;
        allocHoldNs = t.holdNanos().get(HeapLockSite.ALLOC).getMean();
        freeHoldNs = t.holdNanos().get(HeapLockSite.FREE).getMean();
    }

    static double total(Histogram h) {
        return h.getMean() * h.getTotalCount();
    }
}

package dev.mheap4j.pacer;

/**
 * The background scavenger's goal: how many bytes of heap memory to keep backed by the OS, derived from the heap
 * goal. Pure functions; {@link GcPacer} stores the result.
 *
 * <p>The retained heap should track the heap goal: if the last cycle ended with {@code last_heap_inuse} bytes in
 * in-use spans against a goal of {@code last_next_gc}, the next goal {@code next_gc} scales that by
 * {@code next_gc / last_next_gc}; 10% is added so allocation rarely has to fault in released pages, and the
 * result is rounded up to a physical page.
 */
public final class ScavengePacing {

    /**
     * Extra retained memory above the scaled goal, in percent.
     *
     * @mirrors mgcscavenge.go:retainExtraPercent
     */
    public static final int RETAIN_EXTRA_PERCENT = 10;

    private ScavengePacing() {
    }

    /**
     * The retained-heap goal: {@code uint64(last_heap_inuse * (next_gc / last_next_gc))} in float, plus a tenth
     * (integer division), rounded up to {@code physPageSize}. Arithmetic wraps like Go's uint64.
     *
     * @param lastHeapInuse heap_inuse at the previous mark termination, &gt;= 0
     * @param nextGC        the new heap goal (uint64; {@link Uint64#MAX} when GC is off)
     * @param lastNextGC    the previous heap goal, non-zero (uint64)
     * @param physPageSize  a power of two
     * @throws IllegalArgumentException if {@code lastHeapInuse} is negative, {@code lastNextGC} is 0 or
     *                                  {@code physPageSize} is not a positive power of two
     * @mirrors mgcscavenge.go:gcPaceScavenger the retainedGoal computation
     */
    public static long retainedGoal(long lastHeapInuse, long nextGC, long lastNextGC, long physPageSize) {
        SweepDebt.checkNonNegative("last_heap_inuse", lastHeapInuse);
        checkPhysPageSize(physPageSize);
        if (lastNextGC == 0) {
            throw new IllegalArgumentException("last_next_gc must be non-zero: " + lastNextGC);
        }
        double goalRatio = Uint64.toFloat64(nextGC) / Uint64.toFloat64(lastNextGC);
        long goal = Uint64.fromFloat64(Uint64.toFloat64(lastHeapInuse) * goalRatio);
        // Go divides by 1/(10/100.0), a constant that is exactly 10: an integer division by 10.
        goal += Uint64.divide(goal, 100 / RETAIN_EXTRA_PERCENT);
        return (goal + physPageSize - 1) & ~(physPageSize - 1);
    }

    /**
     * The scavenger's goal: {@link Uint64#MAX} ("do not scavenge") before the first cycle ended
     * ({@code lastNextGC == 0}), or when the retained heap is at most one physical page above the retained goal;
     * otherwise the retained goal. (Go also resets the scavenger's search address in the last case; the heap does
     * that when it sees a goal other than MAX.)
     *
     * @param heapRetained {@code heap_sys - heap_released}, &gt;= 0
     * @throws IllegalArgumentException as {@link #retainedGoal}, or if {@code heapRetained} is negative
     * @mirrors mgcscavenge.go:gcPaceScavenger
     */
    public static long scavengeGoal(long lastHeapInuse, long nextGC, long lastNextGC, long heapRetained,
                                    long physPageSize) {
        SweepDebt.checkNonNegative("last_heap_inuse", lastHeapInuse);
        SweepDebt.checkNonNegative("heapRetained", heapRetained);
        checkPhysPageSize(physPageSize);
        if (lastNextGC == 0) {
            return Uint64.MAX;
        }
        long retainedGoal = retainedGoal(lastHeapInuse, nextGC, lastNextGC, physPageSize);
        if (!Uint64.greaterThan(heapRetained, retainedGoal)
                || Uint64.lessThan(heapRetained - retainedGoal, physPageSize)) {
            return Uint64.MAX;
        }
        return retainedGoal;
    }

    static long checkPhysPageSize(long physPageSize) {
        if (physPageSize <= 0 || Long.bitCount(physPageSize) != 1) {
            throw new IllegalArgumentException("physPageSize must be a positive power of two: " + physPageSize);
        }
        return physPageSize;
    }
}

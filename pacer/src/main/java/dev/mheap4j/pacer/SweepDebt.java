package dev.mheap4j.pacer;

/**
 * A sweeper's debt against the pacing line at one moment: how many pages must have been swept since the basis, and
 * the basis the figure was computed against (if {@link SweepPacing#pagesSweptBasis()} changes, the figure is stale).
 *
 * @param sweptBasis  {@code pagesSweptBasis} as read before computing the target
 * @param pagesTarget pages that must have been swept since the basis point; may be negative (nothing owed)
 * @mirrors mgcsweep.go:deductSweepCredit the sweptBasis and pagesTarget locals
 */
public record SweepDebt(long sweptBasis, long pagesTarget) {

    /**
     * Whether more sweeping is owed: {@code pagesTarget > int64(pagesSwept - sweptBasis)} (uint64 subtraction, then
     * read as int64, as Go does).
     *
     * @mirrors mgcsweep.go:deductSweepCredit the loop condition
     */
    public boolean isOwed(long pagesSwept) {
        return pagesTarget > pagesSwept - sweptBasis;
    }

    /**
     * The target of the pacing line: {@code int64(slope * float64(uintptr(heapLive - heapLiveBasis) + spanBytes))
     * - int64(callerSweepPages)}, with Go's wrapping unsigned arithmetic for the heap distance and amd64's
     * float-to-int64 conversion.
     *
     * @param spanBytes          bytes about to be allocated, &gt;= 0
     * @param callerSweepPages   pages the caller already swept, &gt;= 0
     * @param heapLive           current {@code heap_live}, &gt;= 0
     * @param sweepHeapLiveBasis the line's heap_live basis
     * @param sweepPagesPerByte  the line's slope
     * @throws IllegalArgumentException if a count is negative or the slope is NaN, infinite or negative
     * @mirrors mgcsweep.go:deductSweepCredit the newHeapLive and pagesTarget computation
     */
    public static long pagesTarget(long spanBytes, long callerSweepPages, long heapLive, long sweepHeapLiveBasis,
                                   double sweepPagesPerByte) {
        checkNonNegative("spanBytes", spanBytes);
        checkNonNegative("callerSweepPages", callerSweepPages);
        checkNonNegative("heap_live", heapLive);
        checkNonNegative("sweepHeapLiveBasis", sweepHeapLiveBasis);
        if (!Double.isFinite(sweepPagesPerByte) || sweepPagesPerByte < 0) {
            throw new IllegalArgumentException("sweepPagesPerByte must be finite and >= 0: " + sweepPagesPerByte);
        }
        long newHeapLive = (heapLive - sweepHeapLiveBasis) + spanBytes; // uintptr arithmetic, wraps like Go's
        return Uint64.int64FromFloat64(sweepPagesPerByte * Uint64.toFloat64(newHeapLive)) - callerSweepPages;
    }

    static long checkNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + value);
        }
        return value;
    }
}

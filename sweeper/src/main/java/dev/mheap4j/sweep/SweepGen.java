package dev.mheap4j.sweep;

/**
 * The sweep-generation protocol, as named operations. With {@code sg} the heap's sweep generation (even, +2 per
 * GC), a span's {@code sweepgen} means:
 *
 * <table>
 *   <caption>span sweepgen relative to the heap's</caption>
 *   <tr><th>value</th><th>meaning</th></tr>
 *   <tr><td>sg - 2</td><td>needs sweeping</td></tr>
 *   <tr><td>sg - 1</td><td>being swept, by exactly one sweeper</td></tr>
 *   <tr><td>sg</td><td>swept and ready to use</td></tr>
 *   <tr><td>sg + 1</td><td>cached in an mcache since before this sweep began, so still needs sweeping</td></tr>
 *   <tr><td>sg + 3</td><td>swept, then cached</td></tr>
 * </table>
 *
 * <p>Adding 2 to the heap's generation at the end of a mark phase turns every "swept" span into "needs sweeping"
 * and every "swept, then cached" span into "cached, needs sweeping", with no per-span work. Every call site of the
 * protocol goes through this class so the arithmetic lives in one place.
 *
 * @mirrors mheap.go:mspan the sweepgen table in the comment above mspan
 */
public final class SweepGen {

    private SweepGen() {
    }

    /** Whether a span at {@code spanGen} needs sweeping in generation {@code sg}. */
    public static boolean needsSweep(int spanGen, int sg) {
        return spanGen == sg - 2;
    }

    /** Whether a span at {@code spanGen} is being swept by someone. */
    public static boolean isBeingSwept(int spanGen, int sg) {
        return spanGen == sg - 1;
    }

    /** Whether a span at {@code spanGen} has been swept this cycle, cached or not. */
    public static boolean isSwept(int spanGen, int sg) {
        return spanGen == sg || spanGen == sg + 3;
    }

    /** Whether a span at {@code spanGen} is held by an mcache (swept or not). */
    public static boolean isCached(int spanGen, int sg) {
        return spanGen == sg + 1 || spanGen == sg + 3;
    }

    /** Whether a cached span at {@code spanGen} was cached before this sweep began and still needs sweeping. */
    public static boolean isStaleCached(int spanGen, int sg) {
        return spanGen == sg + 1;
    }

    /** Whether a cached span at {@code spanGen} was swept, then cached, in this cycle. */
    public static boolean isSweptCached(int spanGen, int sg) {
        return spanGen == sg + 3;
    }

    /**
     * Claims {@code s} for sweeping: a load, then a CAS from sg-2 to sg-1. Only the winner may sweep the span.
     *
     * @mirrors mgcsweep.go:sweepone the CAS of s.sweepgen from sg-2 to sg-1 (also in reclaimChunk,
     *          mcentral.cacheSpan and ensureSwept)
     */
    public static boolean tryClaim(SweepableSpan s, int sg) {
        return s.sweepgen() == sg - 2 && s.casSweepgen(sg - 2, sg - 1);
    }

    /**
     * Marks a claimed (or freshly allocated) span as swept for {@code sg}.
     *
     * @mirrors mgcsweep.go:(*mspan).sweep the atomic store of sweepgen = sg
     */
    public static void finish(SweepableSpan s, int sg) {
        s.storeSweepgen(sg);
    }

    /**
     * Marks a swept span as cached by an mcache: sg+3.
     *
     * @mirrors mcache.go:(*mcache).refill the store of sg+3
     */
    public static void cache(SweepableSpan s, int sg) {
        s.storeSweepgen(sg + 3);
    }

    /**
     * Takes a span out of an mcache. A span cached before this sweep began (sg+1) becomes "being swept" (sg-1):
     * the caller must sweep it; any other becomes "swept" (sg). Returns whether the caller must sweep.
     *
     * @mirrors mcentral.go:(*mcentral).uncacheSpan the two sweepgen stores
     */
    public static boolean uncache(SweepableSpan s, int sg) {
        boolean stale = isStaleCached(s.sweepgen(), sg);
        s.storeSweepgen(stale ? sg - 1 : sg);
        return stale;
    }

    /** Human-readable state of {@code spanGen} relative to {@code sg}, for messages. */
    public static String describe(int spanGen, int sg) {
        int d = spanGen - sg;
        return switch (d) {
            case -2 -> "needs sweeping (sg-2)";
            case -1 -> "being swept (sg-1)";
            case 0 -> "swept (sg)";
            case 1 -> "cached, needs sweeping (sg+1)";
            case 3 -> "swept and cached (sg+3)";
            default -> "invalid (sg" + (d >= 0 ? "+" : "") + d + ")";
        };
    }
}

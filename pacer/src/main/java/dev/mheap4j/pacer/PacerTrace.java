package dev.mheap4j.pacer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pacer's trace, in the spirit of {@code GODEBUG=gcpacertrace=1}: the seed's three kinds of line, formatted
 * exactly as the seed prints them, plus one line of our own per trigger computation.
 *
 * <p>Lines go to the SLF4J logger {@value #LOGGER_NAME}. Go's lines are logged at INFO; the extra
 * {@link #triggerLine} (Go prints nothing there) at DEBUG and prefixed {@code "pacer(mheap4j):"} so it cannot be
 * mistaken for Go's output. The formatters are public and pure so tests and tools can compare text.
 */
public final class PacerTrace {

    /** The logger name for pacing decisions. */
    public static final String LOGGER_NAME = "dev.mheap4j.pacer.trace";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private static final int MIB_SHIFT = 20;

    private PacerTrace() {
    }

    /** Whether Go-format lines would be logged; callers skip building them otherwise. */
    static boolean enabled() {
        return LOG.isInfoEnabled();
    }

    static void emit(String line) {
        LOG.info(line);
    }

    static boolean debugEnabled() {
        return LOG.isDebugEnabled();
    }

    static void emitDebug(String line) {
        LOG.debug(line);
    }

    /**
     * Go's runtime print of a float64: sign always shown, one digit, a point, six digits, {@code e}, the exponent's
     * sign and three digits ({@code +3.580492e-002}); {@code NaN}, {@code +Inf}, {@code -Inf} as words.
     *
     * <p>The digits come from the runtime's own simple algorithm, reproduced step for step rather than by
     * {@code String.format}, because it is not correctly rounded: it scales by repeated multiplication or division by
     * 10, adds half a unit of the seventh digit, and peels digits off by truncation. The results can differ from
     * {@code %e} in the last digit, and the trace must match Go's.
     *
     * @mirrors print.go:printfloat
     */
    public static String goFloat(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v + v == v && v > 0) {
            return "+Inf";
        }
        if (v + v == v && v < 0) {
            return "-Inf";
        }
        final int digits = 7;
        char sign = '+';
        int e = 0;
        if (v == 0) {
            if (1 / v < 0) {
                sign = '-';
            }
        } else {
            if (v < 0) {
                v = -v;
                sign = '-';
            }
            while (v >= 10) {
                e++;
                v /= 10;
            }
            while (v < 1) {
                e--;
                v *= 10;
            }
            double half = 5.0;
            for (int i = 0; i < digits; i++) {
                half /= 10;
            }
            v += half;
            if (v >= 10) {
                e++;
                v /= 10;
            }
        }
        char[] mantissa = new char[digits];
        for (int i = 0; i < digits; i++) {
            int d = (int) v;
            mantissa[i] = (char) (d + '0');
            v -= d;
            v *= 10;
        }
        StringBuilder sb = new StringBuilder(digits + 7);
        sb.append(sign).append(mantissa[0]).append('.').append(mantissa, 1, digits - 1).append('e');
        sb.append(e < 0 ? '-' : '+');
        int ae = Math.abs(e);
        sb.append((char) ('0' + ae / 100)).append((char) ('0' + (ae / 10) % 10)).append((char) ('0' + ae % 10));
        return sb.toString();
    }

    /**
     * The line startCycle prints:
     * {@code pacer: assist ratio=<assistWorkPerByte> (scan <heap_scan MiB> MB in <initialHeapLive MiB>-><next_gc MiB>
     * MB) workers=<dedicated>+<fractional goal>}. Byte values are shifted right by 20 as unsigned.
     *
     * @mirrors mgc.go:(*gcControllerState).startCycle the gcpacertrace print
     */
    public static String assistRatioLine(double assistWorkPerByte, long heapScan, long initialHeapLive, long nextGC,
                                         long dedicatedMarkWorkersNeeded, double fractionalUtilizationGoal) {
        return "pacer: assist ratio=" + goFloat(assistWorkPerByte)
                + " (scan " + (heapScan >>> MIB_SHIFT) + " MB in "
                + (initialHeapLive >>> MIB_SHIFT) + "->" + (nextGC >>> MIB_SHIFT) + " MB)"
                + " workers=" + dedicatedMarkWorkersNeeded + "+" + goFloat(fractionalUtilizationGoal);
    }

    /**
     * The line endCycle prints, in the 2015 pacer design's notation. The derived terms are computed here as Go
     * computes them: {@code H_g = int64(float64(H_m_prev) * (1 + h_g))}, {@code goalΔ = h_g - h_t},
     * {@code actualΔ = h_a - h_t}, {@code u_a/u_g}.
     *
     * @param heapMarkedPrev H_m_prev, heap_marked of the previous cycle (uint64)
     * @param triggerRatio   h_t
     * @param gcTrigger      H_T (uint64)
     * @param actualGrowth   h_a
     * @param heapLive       H_a (uint64)
     * @param goalGrowth     h_g
     * @param utilization    u_a
     * @param scanWork       W_a (int64)
     * @mirrors mgc.go:(*gcControllerState).endCycle the gcpacertrace print
     */
    public static String endCycleLine(long heapMarkedPrev, double triggerRatio, long gcTrigger, double actualGrowth,
                                      long heapLive, double goalGrowth, double utilization, long scanWork) {
        long heapGoal = Uint64.int64FromFloat64(Uint64.toFloat64(heapMarkedPrev) * (1 + goalGrowth));
        double goalUtilization = GcControllerState.GC_GOAL_UTILIZATION;
        return "pacer: H_m_prev=" + Uint64.toString(heapMarkedPrev)
                + " h_t=" + goFloat(triggerRatio) + " H_T=" + Uint64.toString(gcTrigger)
                + " h_a=" + goFloat(actualGrowth) + " H_a=" + Uint64.toString(heapLive)
                + " h_g=" + goFloat(goalGrowth) + " H_g=" + heapGoal
                + " u_a=" + goFloat(utilization) + " u_g=" + goFloat(goalUtilization)
                + " W_a=" + scanWork
                + " goalΔ=" + goFloat(goalGrowth - triggerRatio)
                + " actualΔ=" + goFloat(actualGrowth - triggerRatio)
                + " u_a/u_g=" + goFloat(utilization / goalUtilization);
    }

    /**
     * The line the last sweeper prints once sweeping drains. The sweeper module emits it (through
     * {@link #logSweepDone}); the pacer only formats it.
     *
     * @param heapLive           heap_live now
     * @param sweepHeapLiveBasis the pacing line's heap_live basis
     * @param pagesSwept         pages swept this cycle
     * @param sweepPagesPerByte  the slope in force when sweeping ended (the sweeper's local copy)
     * @mirrors mgcsweep.go:sweepone the gcpacertrace print
     */
    public static String sweepDoneLine(long heapLive, long sweepHeapLiveBasis, long pagesSwept,
                                       double sweepPagesPerByte) {
        return "pacer: sweep done at heap size " + (heapLive >>> MIB_SHIFT)
                + "MB; allocated " + ((heapLive - sweepHeapLiveBasis) >>> MIB_SHIFT)
                + "MB during sweep; swept " + Uint64.toString(pagesSwept)
                + " pages at " + goFloat(sweepPagesPerByte) + " pages/byte";
    }

    /** Logs {@link #sweepDoneLine} at INFO on {@value #LOGGER_NAME}, for the sweeper. */
    public static void logSweepDone(long heapLive, long sweepHeapLiveBasis, long pagesSwept,
                                    double sweepPagesPerByte) {
        if (enabled()) {
            emit(sweepDoneLine(heapLive, sweepHeapLiveBasis, pagesSwept, sweepPagesPerByte));
        }
    }

    /**
     * Our own line (not Go's) for one gcSetTriggerRatio decision: the ratio asked for and the one kept, the heap
     * goal, the trigger, and the sweep slope. Unsigned values print in decimal; "never" prints as 2^64-1 like Go.
     */
    public static String triggerLine(int gcpercent, TriggerClamp clamp, double requestedRatio, double triggerRatio,
                                     long heapMarked, long nextGC, long gcTrigger, double sweepPagesPerByte) {
        return "pacer(mheap4j): GOGC=" + gcpercent + " clamp=" + clamp
                + " requested h_t=" + goFloat(requestedRatio) + " h_t=" + goFloat(triggerRatio)
                + " heap_marked=" + Uint64.toString(heapMarked)
                + " next_gc=" + Uint64.toString(nextGC) + " gc_trigger=" + Uint64.toString(gcTrigger)
                + " sweepPagesPerByte=" + goFloat(sweepPagesPerByte);
    }
}

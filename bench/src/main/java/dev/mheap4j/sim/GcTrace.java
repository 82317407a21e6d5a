package dev.mheap4j.sim;

import dev.mheap4j.heap.CycleStats;
import java.util.regex.Pattern;

/**
 * Formats one GC cycle as Go 1.14's {@code GODEBUG=gctrace=1} line:
 * {@code gc 13 @1.003s 0%: 0.056+1.2+0.037 ms clock, 0.11+0/2.4/0+0.074 ms cpu, 125->126->65 MB, 128 MB goal, 2 P}.
 *
 * <p>Clock times are the model's measured wall times of its three phases ({@link CycleStats}). The CPU figures are
 * derived, since the model has no mark workers or assists: the two stop-the-world phases are charged at GOMAXPROCS
 * as Go charges them; the mark phase, which the model runs with the world stopped, is also charged at GOMAXPROCS and
 * shown as dedicated/fractional worker time; assists and idle workers are 0. The utilization percentage is the
 * accumulated GC CPU over the run's elapsed time times GOMAXPROCS, as Go's gc_cpu_fraction.
 *
 * <p>Not thread-safe: called from the collector's listener, which cycles serialise.
 *
 * @mirrors mgc.go:gcMarkTermination the gctrace print
 */
public final class GcTrace {

    /** Go 1.14's line, from docs (gctrace-format.md); groups 1-16 in print order, 17 " (forced)". */
    public static final Pattern LINE = Pattern.compile("^gc (\\d+) @([\\d.]+)s (\\d+)%: ([\\d.]+)\\+([\\d.]+)\\+([\\d.]+)"
            + " ms clock, ([\\d.]+)\\+([\\d.]+)/([\\d.]+)/([\\d.]+)\\+([\\d.]+) ms cpu, (\\d+)->(\\d+)->(\\d+) MB,"
            + " (\\d+) MB goal, (\\d+) P( \\(forced\\))?$");

    private final long runStartNanos;
    private final int procs;
    /** GC CPU nanoseconds so far (Go's work.totaltime). */
    private long totalGcCpu;

    /**
     * @param runStartNanos System.nanoTime() at the start of the run (Go's runtimeInitTime)
     * @param procs         GOMAXPROCS
     */
    public GcTrace(long runStartNanos, int procs) {
        this.runStartNanos = runStartNanos;
        this.procs = procs;
    }

    /** The line for {@code cs}, which ended at {@code endNanos} (System.nanoTime()). */
    public String format(CycleStats cs, long endNanos) {
        long sweepTermCpu = cs.sweepTermNanos() * procs;
        long assistCpu = 0;
        long markWorkerCpu = cs.markNanos() * procs;
        long idleCpu = 0;
        long markTermCpu = cs.markTermNanos() * procs;
        totalGcCpu += sweepTermCpu + assistCpu + markWorkerCpu + markTermCpu;
        long elapsed = Math.max(1, endNanos - runStartNanos);
        int util = (int) ((double) totalGcCpu / ((double) elapsed * procs) * 100);
        StringBuilder sb = new StringBuilder(128);
        sb.append("gc ").append(cs.cycle()).append(" @")
                .append(itoaDiv(Math.max(0, cs.startNanos() - runStartNanos) / 1_000_000, 3)).append("s ")
                .append(util).append("%: ")
                .append(fmtNSAsMS(cs.sweepTermNanos())).append('+').append(fmtNSAsMS(cs.markNanos())).append('+')
                .append(fmtNSAsMS(cs.markTermNanos())).append(" ms clock, ")
                .append(fmtNSAsMS(sweepTermCpu)).append('+').append(fmtNSAsMS(assistCpu)).append('/')
                .append(fmtNSAsMS(markWorkerCpu)).append('/').append(fmtNSAsMS(idleCpu)).append('+')
                .append(fmtNSAsMS(markTermCpu)).append(" ms cpu, ")
                .append(cs.heapLiveAtStart() >>> 20).append("->").append(cs.heapLiveAtMarkEnd() >>> 20).append("->")
                .append(cs.heapMarked() >>> 20).append(" MB, ")
                .append(cs.heapGoal() >>> 20).append(" MB goal, ")
                .append(procs).append(" P");
        if (cs.forced()) {
            sb.append(" (forced)");
        }
        return sb.toString();
    }

    /**
     * Nanoseconds as milliseconds: whole ms from 10 ms up, else two significant digits with at most three decimals,
     * "0" under a microsecond.
     *
     * @mirrors mgc.go:fmtNSAsMS
     */
    static String fmtNSAsMS(long ns) {
        if (ns >= 10_000_000) {
            return itoaDiv(ns / 1_000_000, 0);
        }
        long x = ns / 1000;
        if (x == 0) {
            return "0";
        }
        int dec = 3;
        while (x >= 100) {
            x /= 10;
            dec--;
        }
        return itoaDiv(x, dec);
    }

    /**
     * {@code val} divided by 10^dec, printed with exactly {@code dec} decimals.
     *
     * @mirrors mgc.go:itoaDiv
     */
    static String itoaDiv(long val, int dec) {
        StringBuilder digits = new StringBuilder(Long.toString(val));
        while (digits.length() <= dec) {
            digits.insert(0, '0');
        }
        if (dec > 0) {
            digits.insert(digits.length() - dec, '.');
        }
        return digits.toString();
    }
}

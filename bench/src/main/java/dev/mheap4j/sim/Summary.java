package dev.mheap4j.sim;

import dev.mheap4j.heap.HeapLock;
import dev.mheap4j.heap.HeapLockSite;
import dev.mheap4j.sweep.SweepSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures printed after the gctrace lines.
 *
 * @param scenario        scenario name
 * @param mode            synchronization mode
 * @param cycles          GC cycles run
 * @param bytesAllocated  bytes the mutators asked for
 * @param objectsAllocated objects allocated
 * @param peakHeapLive    highest heap_live seen (cycle starts and samples)
 * @param peakHeapInuse   highest heap_inuse seen (samples and the end)
 * @param heapSysAtEnd    heap_sys at the end (address space the heap mapped)
 * @param pagesSwept      pages swept over the run, per source
 * @param lockHoldMeanNs  mean heap-lock hold time, all sites
 * @param lockHoldP99Ns   99th percentile heap-lock hold time, all sites
 * @param lockAcquisitions heap-lock acquisitions recorded
 * @param meanGoalRatio   mean over the cycles after the first two of heap_live at mark end / heap goal
 * @param lastGoalRatio   the last cycle's heap_live at mark end / heap goal (Go's pacer tests' "goal ratio")
 * @param elapsedNanos    wall time of the run
 */
public record Summary(String scenario, String mode, int cycles, long bytesAllocated, long objectsAllocated,
                      long peakHeapLive, long peakHeapInuse, long heapSysAtEnd, Map<SweepSource, Long> pagesSwept,
                      double lockHoldMeanNs, long lockHoldP99Ns, long lockAcquisitions, double meanGoalRatio,
                      double lastGoalRatio, long elapsedNanos) {

    /** All sites' hold histograms merged into one. */
    public static Histogram mergedHold(HeapLock.LockTimes times) {
        Histogram all = new Histogram(3);
        for (Map.Entry<HeapLockSite, Histogram> e : times.holdNanos().entrySet()) {
            all.add(e.getValue());
        }
        return all;
    }

    /** Pages per source as an ordered map. */
    public static Map<SweepSource, Long> pagesBySource(java.util.function.ToLongFunction<SweepSource> f) {
        Map<SweepSource, Long> m = new EnumMap<>(SweepSource.class);
        for (SweepSource s : SweepSource.values()) {
            m.put(s, f.applyAsLong(s));
        }
        return m;
    }

    /** The summary as an aligned two-column table, one or more modes side by side. */
    public static String table(List<Summary> runs) {
        StringBuilder sb = new StringBuilder();
        String[][] rows = {
                {"scenario"}, {"mode"}, {"cycles"}, {"bytes allocated"}, {"objects allocated"}, {"peak heap_live"},
                {"peak heap_inuse"}, {"heap_sys at end"}, {"pages swept: background"},
                {"pages swept: proportional"}, {"pages swept: reclaim"}, {"pages swept: mcentral"},
                {"pages swept: finish (STW)"}, {"heap lock hold: mean"}, {"heap lock hold: p99"},
                {"heap lock acquisitions"}, {"heap_live/goal at mark end (mean)"},
                {"heap_live/goal at mark end (last)"}, {"wall time"}};
        String[][] cells = new String[rows.length][runs.size() + 1];
        for (int r = 0; r < rows.length; r++) {
            cells[r][0] = rows[r][0];
        }
        for (int c = 0; c < runs.size(); c++) {
            Summary s = runs.get(c);
            String[] v = {s.scenario, s.mode, Integer.toString(s.cycles), ByteSize.format(s.bytesAllocated),
                    String.format(Locale.ROOT, "%,d", s.objectsAllocated), ByteSize.format(s.peakHeapLive),
                    ByteSize.format(s.peakHeapInuse), ByteSize.format(s.heapSysAtEnd),
                    pages(s, SweepSource.BACKGROUND), pages(s, SweepSource.PROPORTIONAL), pages(s, SweepSource.RECLAIM),
                    pages(s, SweepSource.CENTRAL), pages(s, SweepSource.FINISH),
                    String.format(Locale.ROOT, "%.0f ns", s.lockHoldMeanNs), s.lockHoldP99Ns + " ns",
                    String.format(Locale.ROOT, "%,d", s.lockAcquisitions), ratio(s.meanGoalRatio),
                    ratio(s.lastGoalRatio), String.format(Locale.ROOT, "%.2f s", s.elapsedNanos / 1e9)};
            for (int r = 0; r < rows.length; r++) {
                cells[r][c + 1] = v[r];
            }
        }
        int[] width = new int[runs.size() + 1];
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : cells) {
            for (int c = 0; c < row.length; c++) {
                String cell = row[c];
                sb.append(c == 0 ? String.format("%-" + width[c] + "s", cell)
                        : "  " + String.format("%" + width[c] + "s", cell));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String pages(Summary s, SweepSource src) {
        return String.format(Locale.ROOT, "%,d", s.pagesSwept.getOrDefault(src, 0L));
    }

    private static String ratio(double r) {
        return Double.isNaN(r) ? "n/a" : String.format(Locale.ROOT, "%.3f", r);
    }
}

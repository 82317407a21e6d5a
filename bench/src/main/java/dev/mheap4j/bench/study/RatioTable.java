package dev.mheap4j.bench.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The study's comparison table: every result beside the PARENT-mode result of the same benchmark and parameters
 * (measured in the same run), as a ratio. Throughput ratios above 1 and time ratios below 1 mean "better than the
 * parent commit". Lock hold and wait columns come from {@code LockCounters} (instrumented runs only); the garbage
 * column from JMH's {@code -prof gc}.
 */
final class RatioTable {

    static final String MODE_PARAM = "mode";
    static final String BASELINE = "PARENT";
    static final String HOLD = "holdNsPerOp";
    static final String WAIT = "waitNsPerOp";
    static final String ALLOC_HOLD = "allocHoldNs";
    static final String FREE_HOLD = "freeHoldNs";
    static final String GC_NORM = "gc.alloc.rate.norm";

    private RatioTable() {
    }

    /** The key that results compared with each other share: benchmark and every parameter but the mode. */
    static String groupKey(StudyResult r) {
        Map<String, String> p = new TreeMap<>(r.params());
        p.remove(MODE_PARAM);
        return r.shortName() + " " + paramsText(p);
    }

    static String paramsText(Map<String, String> p) {
        return p.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    /** Renders {@code results} as a Markdown table, grouped so that each PARENT row comes first in its group. */
    static String render(List<StudyResult> results) {
        Map<String, List<StudyResult>> groups = new LinkedHashMap<>();
        for (StudyResult r : results) {
            groups.computeIfAbsent(groupKey(r), k -> new ArrayList<>()).add(r);
        }
        boolean anyLock = results.stream().anyMatch(r -> r.secondaryScore(HOLD) > 0);
        boolean anyGc = results.stream().anyMatch(r -> r.secondary().containsKey(GC_NORM));
        StringBuilder b = new StringBuilder();
        b.append("| benchmark | params | mode | score ± error | ratio to PARENT |");
        if (anyLock) {
            b.append(" hold ns/op | ratio | wait ns/op | ratio | alloc hold ns | free hold ns |");
        }
        if (anyGc) {
            b.append(" Java B/op |");
        }
        b.append('\n');
        int cols = 5 + (anyLock ? 6 : 0) + (anyGc ? 1 : 0);
        b.append("|").append("---|".repeat(cols)).append('\n');
        for (List<StudyResult> group : groups.values()) {
            StudyResult base = group.stream().filter(r -> BASELINE.equals(r.params().get(MODE_PARAM))).findFirst()
                    .orElse(null);
            List<StudyResult> ordered = new ArrayList<>(group);
            ordered.sort((x, y) -> Integer.compare(modeOrder(x), modeOrder(y)));
            for (StudyResult r : ordered) {
                Map<String, String> p = new TreeMap<>(r.params());
                String mode = p.remove(MODE_PARAM);
                b.append("| ").append(r.shortName()).append(" | ").append(paramsText(p)).append(" | ")
                        .append(mode == null ? "-" : mode).append(" | ")
                        .append(fmt(r.score())).append(" ± ").append(fmt(r.error())).append(' ').append(r.unit())
                        .append(" | ").append(ratio(r.score(), base == null ? Double.NaN : base.score()))
                        .append(" |");
                if (anyLock) {
                    double hold = r.secondaryScore(HOLD);
                    double wait = r.secondaryScore(WAIT);
                    boolean has = hold > 0;
                    b.append(' ').append(has ? fmt(hold) + " ± " + fmt(r.secondaryError(HOLD)) : "-").append(" | ")
                            .append(has && base != null ? ratio(hold, base.secondaryScore(HOLD)) : "-")
                            .append(" | ").append(has ? fmt(wait) + " ± " + fmt(r.secondaryError(WAIT)) : "-").append(" | ")
                            .append(has && base != null ? ratio(wait, base.secondaryScore(WAIT)) : "-")
                            .append(" | ").append(has ? fmt(r.secondaryScore(ALLOC_HOLD)) : "-")
                            .append(" | ").append(has ? fmt(r.secondaryScore(FREE_HOLD)) : "-").append(" |");
                }
                if (anyGc) {
                    double g = r.secondaryScore(GC_NORM);
                    b.append(' ').append(Double.isNaN(g) ? "-" : fmt(g)).append(" |");
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static int modeOrder(StudyResult r) {
        String m = r.params().getOrDefault(MODE_PARAM, "");
        return switch (m) {
            case "PARENT" -> 0;
            case "SEED" -> 1;
            case "ALLOC_SPAN" -> 2;
            default -> 3;
        };
    }

    static String ratio(double x, double base) {
        if (Double.isNaN(x) || Double.isNaN(base) || base == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2f", x / base);
    }

    /** Three significant digits, no exponent for the magnitudes met here. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}

package dev.mheap4j.sim;

import dev.mheap4j.heap.CycleStats;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes a run's (or a comparison's) report: {@code index.html} with PNG charts made by XChart. Per run: heap_live,
 * trigger and goal per cycle; pages swept against the proportional-sweep line within one cycle; pagesInUse over
 * time. With more than one run: the heap-lock hold-time distribution of each.
 */
public final class HtmlReport {

    private static final double MIB = 1 << 20;
    private static final Color[] COLORS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00)};

    private HtmlReport() {
    }

    /** Writes the report for {@code runs} into {@code dir} (created if missing); returns the HTML file. */
    public static Path write(Path dir, List<SimulationResult> runs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        StringBuilder html = new StringBuilder();
        Scenario sc = runs.get(0).config().scenario();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>mheap4j: ").append(esc(sc.name()))
                .append("</title>\n<style>body{font-family:sans-serif;margin:1.5em}pre{background:#f4f4f4;"
                        + "padding:.6em;overflow-x:auto}td{vertical-align:top}img{max-width:100%}</style></head><body>\n")
                .append("<h1>mheap4j simulation: ").append(esc(sc.name())).append("</h1>\n<p>")
                .append(esc(sc.description())).append("</p>\n<p>")
                .append(esc(String.format(Locale.ROOT, "%d threads, %d cycles, GOGC %s, GOMAXPROCS %d, limit %s, clamp %s",
                        sc.threads(), sc.totalCycles(), runs.get(0).config().gogc() == null ? "100"
                                : runs.get(0).config().gogc(), runs.get(0).config().gomaxprocs(),
                        ByteSize.format(runs.get(0).config().maxHeapBytes()), runs.get(0).config().clamp())))
                .append("</p>\n<h2>Summary</h2>\n<pre>")
                .append(esc(Summary.table(runs.stream().map(SimulationResult::summary).toList()))).append("</pre>\n");
        html.append("<h2>Charts</h2>\n<table><tr>");
        for (SimulationResult r : runs) {
            html.append("<th>").append(esc(r.config().mode().name())).append("</th>");
        }
        html.append("</tr>\n");
        String[][] kinds = {{"heap", "heap_live, trigger and goal per cycle"},
                {"sweep", "pages swept against the proportional-sweep line within one cycle"},
                {"pages", "pagesInUse over time"}};
        for (String[] kind : kinds) {
            html.append("<tr>");
            for (SimulationResult r : runs) {
                String file = kind[0] + "-" + r.config().mode().name().toLowerCase(Locale.ROOT) + ".png";
                XYChart chart = switch (kind[0]) {
                    case "heap" -> heapChart(r);
                    case "sweep" -> sweepChart(r);
                    default -> pagesChart(r);
                };
                BitmapEncoder.saveBitmap(chart, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
                html.append("<td><img src=\"").append(file).append("\" alt=\"").append(esc(kind[1])).append("\"></td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        if (runs.size() > 1) {
            BitmapEncoder.saveBitmap(lockChart(runs), dir.resolve("lock-hold.png").toString(),
                    BitmapEncoder.BitmapFormat.PNG);
            html.append("<h2>Heap-lock hold time</h2>\n<img src=\"lock-hold.png\" alt=\"heap-lock hold time\">\n");
        }
        for (SimulationResult r : runs) {
            html.append("<h2>gctrace, ").append(esc(r.config().mode().name())).append("</h2>\n<pre>");
            r.traceLines().forEach(l -> html.append(esc(l)).append('\n'));
            if (r.failure() != null) {
                html.append(esc("run stopped early: " + r.failure())).append('\n');
            }
            html.append("</pre>\n");
        }
        html.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, html, StandardCharsets.UTF_8);
        return index;
    }

    /** heap_live at the cycle's start, the trigger that started it, its goal, and bytes marked, in MiB. */
    public static XYChart heapChart(SimulationResult r) {
        XYChart c = chart("Heap per cycle (" + r.config().mode() + ")", "GC cycle", "MiB");
        List<CycleStats> cs = r.cycles();
        if (cs.isEmpty()) {
            return empty(c);
        }
        List<Double> x = new ArrayList<>();
        List<Double> live = new ArrayList<>();
        List<Double> trig = new ArrayList<>();
        List<Double> goal = new ArrayList<>();
        List<Double> marked = new ArrayList<>();
        long trigger = 4L << 20; // gcinit's trigger: the 4 MiB heap minimum at GOGC=100
        for (CycleStats s : cs) {
            x.add((double) s.cycle());
            live.add(s.heapLiveAtMarkEnd() / MIB);
            trig.add(trigger / MIB);
            goal.add(s.heapGoal() / MIB);
            marked.add(s.heapMarked() / MIB);
            trigger = s.nextTrigger();
        }
        line(c.addSeries("heap goal (dashed)", x, goal), 0).setLineStyle(new java.awt.BasicStroke(3f,
                java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
        line(c.addSeries("heap_live at mark end", x, live), 1).setLineStyle(new java.awt.BasicStroke(4f));
        line(c.addSeries("trigger", x, trig), 2).setLineStyle(new java.awt.BasicStroke(1.5f));
        line(c.addSeries("heap marked", x, marked), 3);
        return c;
    }

    /**
     * pagesSwept against heap_live within the cycle with the most samples among the middle ones, with the pacer's
     * proportional-sweep line (pages it asks to have swept at that heap_live).
     */
    public static XYChart sweepChart(SimulationResult r) {
        Map<Integer, List<Sample>> byCycle = r.samples().stream().filter(s -> s.cycle() >= 1)
                .collect(Collectors.groupingBy(Sample::cycle));
        int n = r.cycles().size();
        Integer pick = byCycle.keySet().stream().filter(k -> k > n / 3 && k < n)
                .max(Comparator.comparing((Function<Integer, Integer>) k -> byCycle.get(k).size()))
                .orElse(byCycle.keySet().stream().max(Comparator.comparing(k -> byCycle.get(k).size())).orElse(null));
        XYChart c = chart("Sweeping after cycle " + (pick == null ? "-" : pick) + " (" + r.config().mode() + ")",
                "heap_live (MiB)", "pages");
        if (pick == null) {
            return empty(c);
        }
        List<Sample> ss = byCycle.get(pick);
        List<Double> x = ss.stream().map(s -> s.heapLive() / MIB).toList();
        line(c.addSeries("pagesSwept", x, ss.stream().map(s -> (double) s.pagesSwept()).toList()), 0);
        List<Sample> withLine = ss.stream().filter(s -> !Double.isNaN(s.sweepLine())).toList();
        if (!withLine.isEmpty()) {
            line(c.addSeries("proportional-sweep line", withLine.stream().map(s -> s.heapLive() / MIB).toList(),
                    withLine.stream().map(Sample::sweepLine).toList()), 1);
        }
        line(c.addSeries("pagesInUse", x, ss.stream().map(s -> (double) s.pagesInUse()).toList()), 2);
        return c;
    }

    /** pagesInUse over the run's time. */
    public static XYChart pagesChart(SimulationResult r) {
        XYChart c = chart("pagesInUse over time (" + r.config().mode() + ")", "seconds", "pages");
        if (r.samples().isEmpty()) {
            return empty(c);
        }
        line(c.addSeries("pagesInUse", r.samples().stream().map(s -> s.nanos() / 1e9).toList(),
                r.samples().stream().map(s -> (double) s.pagesInUse()).toList()), 0);
        return c;
    }

    /** Heap-lock hold time by percentile, one line per run. */
    public static XYChart lockChart(List<SimulationResult> runs) {
        XYChart c = chart("Heap-lock hold time by percentile (all sites)", "percentile", "ns");
        double[] ps = {1, 10, 25, 50, 75, 90, 95, 99, 99.9};
        int i = 0;
        for (SimulationResult r : runs) {
            Histogram h = Summary.mergedHold(r.lockTimes());
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (double p : ps) {
                x.add(p);
                y.add((double) (h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p)));
            }
            line(c.addSeries(r.config().mode().name(), x, y), i++);
        }
        c.getStyler().setYAxisLogarithmic(true);
        return c;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(640).height(400).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridLinesVisible(true);
        return c;
    }

    private static XYChart empty(XYChart c) {
        c.addSeries("no data", new double[] {0}, new double[] {0});
        return c;
    }

    private static XYSeries line(XYSeries s, int color) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(COLORS[color % COLORS.length]);
        return s;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

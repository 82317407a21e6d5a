package dev.mheap4j.bench.docs;

import dev.mheap4j.pacer.GcPacer;
import dev.mheap4j.pacer.HeapSnapshot;
import dev.mheap4j.pacer.TriggerClamp;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the pacer figures of docs/pacer.md to {@code docs/img/pacer-*.png}, computed with the pacer module itself.
 *
 * <p>Usage: {@code PacerPlots [projectRoot]} (default: the working directory). See docs/pacer.md for the Maven
 * command.
 */
public final class PacerPlots {

    private static final long MIB = 1L << 20;
    private static final int[] GOGCS = {50, 100, 200};
    private static final Color[] COLORS = {new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00)};
    /** Line widths by GOGC, widest first, so lines that coincide (as the SEED triggers do) stay visible. */
    private static final float[] WIDTHS = {7f, 4.5f, 2f};
    /** The feedback ratio fed to gcSetTriggerRatio in the first figure: low, as after fast allocation. */
    static final double LOW_REQUESTED_RATIO = 0.3;

    private PacerPlots() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path dir = root.resolve("docs/img");
        Files.createDirectories(dir);
        write(sideBySide(triggerAndGoal(TriggerClamp.SEED), triggerAndGoal(TriggerClamp.FIXED_D1ECFCC1E8)),
                dir.resolve("pacer-trigger-goal.png"));
        write(sideBySide(clampChart(TriggerClamp.SEED), clampChart(TriggerClamp.FIXED_D1ECFCC1E8)),
                dir.resolve("pacer-clamp.png"));
        write(BitmapEncoder.getBufferedImage(feedbackChart()), dir.resolve("pacer-feedback.png"));
        System.out.println("wrote " + dir.resolve("pacer-*.png"));
    }

    /** Trigger and goal after gcSetTriggerRatio(0.3) on a swept heap, against heap_marked. */
    static XYChart triggerAndGoal(TriggerClamp clamp) {
        XYChart chart = chart("Trigger and goal, clamp " + clamp + ", requested h_t = " + LOW_REQUESTED_RATIO,
                "heap_marked (MiB)", "bytes (MiB)");
        List<Double> marked = new ArrayList<>();
        for (double m = 0; m <= 32; m += 0.25) {
            marked.add(m);
        }
        for (int i = 0; i < GOGCS.length; i++) {
            int gogc = GOGCS[i];
            List<Double> goals = new ArrayList<>();
            List<Double> triggers = new ArrayList<>();
            for (double m : marked) {
                GcPacer p = paced(gogc, clamp, (long) (m * MIB), LOW_REQUESTED_RATIO);
                goals.add(p.nextGC() / (double) MIB);
                triggers.add(p.gcTrigger() / (double) MIB);
            }
            XYSeries goal = chart.addSeries("GOGC=" + gogc + " goal", marked, goals);
            style(goal, COLORS[i], new BasicStroke(WIDTHS[i]));
            XYSeries trigger = chart.addSeries("GOGC=" + gogc + " trigger (dashed)", marked, triggers);
            style(trigger, COLORS[i], new BasicStroke(WIDTHS[i], BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {9f, 6f}, 0f));
        }
        return chart;
    }

    /** The trigger ratio kept against the one requested, heap_marked 1 GiB. */
    static XYChart clampChart(TriggerClamp clamp) {
        XYChart chart = chart("Trigger ratio kept, clamp " + clamp, "requested trigger ratio h_t",
                "h_t kept by gcSetTriggerRatio");
        List<Double> requested = new ArrayList<>();
        for (double r = 0; r <= 2.2001; r += 0.01) {
            requested.add(r);
        }
        for (int i = 0; i < GOGCS.length; i++) {
            int gogc = GOGCS[i];
            List<Double> kept = new ArrayList<>();
            for (double r : requested) {
                GcPacer p = paced(gogc, clamp, 1L << 30, r);
                p.heapLock().lock();
                try {
                    kept.add(p.triggerRatio());
                } finally {
                    p.heapLock().unlock();
                }
            }
            style(chart.addSeries("GOGC=" + gogc, requested, kept), COLORS[i], new BasicStroke(WIDTHS[i]));
            List<Double> goalRatio = List.of(gogc / 100.0, gogc / 100.0);
            XYSeries goal = chart.addSeries("GOGC=" + gogc + " goal ratio (dotted)", List.of(0.0, 2.2), goalRatio);
            style(goal, COLORS[i], SeriesLines.DOT_DOT);
        }
        return chart;
    }

    /** Trigger ratio over cycles of the closed-loop simulation. */
    static XYChart feedbackChart() {
        XYChart chart = chart("Trigger-ratio feedback (endCycle) over simulated cycles", "cycle",
                "trigger ratio h_t used by the cycle");
        record Scenario(String name, int gogc, TriggerClamp clamp, double allocBytesPerNs) {
        }
        List<Scenario> scenarios = List.of(
                new Scenario("GOGC=100, light allocation", 100, TriggerClamp.SEED, 0.05),
                new Scenario("GOGC=100, moderate allocation", 100, TriggerClamp.SEED, 0.3),
                new Scenario("GOGC=100, heavy allocation (assists)", 100, TriggerClamp.SEED, 0.8),
                new Scenario("GOGC=50, SEED clamp", 50, TriggerClamp.SEED, 0.1),
                new Scenario("GOGC=50, FIXED_D1ECFCC1E8 clamp", 50, TriggerClamp.FIXED_D1ECFCC1E8, 0.1));
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            List<PacerLoopSimulation.Cycle> cycles = simulation(s.gogc(), s.clamp(), s.allocBytesPerNs()).run(20);
            List<Integer> x = cycles.stream().map(PacerLoopSimulation.Cycle::number).toList();
            List<Double> y = cycles.stream().map(PacerLoopSimulation.Cycle::triggerRatio).toList();
            XYSeries series = chart.addSeries(s.name() + " (alloc " + s.allocBytesPerNs() + " B/ns)", x, y);
            style(series, COLORS[i], SeriesLines.SOLID);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(COLORS[i]);
        }
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        return chart;
    }

    /** The feedback scenarios' common model: 64 MiB live, 4 Ps, 1 byte/ns scan rate per worker. */
    static PacerLoopSimulation simulation(int gogc, TriggerClamp clamp, double allocBytesPerNs) {
        return new PacerLoopSimulation(gogc, clamp, 64 * MIB, allocBytesPerNs, 1.0, 4);
    }

    private static GcPacer paced(int gogc, TriggerClamp clamp, long heapMarked, double ratio) {
        GcPacer p = GcPacer.gcinit(Integer.toString(gogc), clamp, GcPacer.DEFAULT_PHYS_PAGE_SIZE,
                new ReentrantLock(), HeapSnapshot.swept(0));
        p.heapLock().lock();
        try {
            p.setHeapMarked(heapMarked);
            p.gcSetTriggerRatio(ratio, HeapSnapshot.swept(heapMarked));
        } finally {
            p.heapLock().unlock();
        }
        return p;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(820).height(560).title(title).xAxisTitle(x).yAxisTitle(y).build();
        XYStyler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xDDDDDD));
        s.setLegendBorderColor(new Color(0xBBBBBB));
        return chart;
    }

    private static void style(XYSeries series, Color color, BasicStroke line) {
        series.setLineColor(color);
        series.setLineStyle(line);
        series.setMarker(SeriesMarkers.NONE);
    }

    private static BufferedImage sideBySide(XYChart left, XYChart right) {
        BufferedImage a = BitmapEncoder.getBufferedImage(left);
        BufferedImage b = BitmapEncoder.getBufferedImage(right);
        BufferedImage out = new BufferedImage(a.getWidth() + b.getWidth(), Math.max(a.getHeight(), b.getHeight()),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(a, 0, 0, null);
        g.drawImage(b, a.getWidth(), 0, null);
        g.dispose();
        return out;
    }

    private static void write(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
    }
}

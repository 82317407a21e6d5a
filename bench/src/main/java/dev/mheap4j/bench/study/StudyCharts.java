package dev.mheap4j.bench.study;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Writes the study's charts (docs/study.md) from JMH results: span alloc/free throughput and heap-lock hold time per
 * mode and thread count, reclaim-scan pages per second against heap size, and full-cycle time against heap size.
 * Only charts whose benchmark appears in the results are written. Error bars are JMH's errors.
 *
 * <p>Usage alone: {@code StudyCharts result.json outDir}.
 */
public final class StudyCharts {

    static final String[] MODES = {"PARENT", "SEED", "ALLOC_SPAN"};
    private static final Color[] COLORS = {new Color(0xD55E00), new Color(0x0072B2), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9)};

    private StudyCharts() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: StudyCharts result.json outDir");
            System.exit(2);
        }
        for (Path p : write(StudyResult.read(Path.of(args[0])), Path.of(args[1]))) {
            System.out.println("wrote " + p);
        }
    }

    /** Writes every chart the results allow into {@code dir}; returns the files written. */
    static List<Path> write(List<StudyResult> results, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        List<StudyResult> span = results.stream().filter(r -> r.shortName().startsWith("SpanAllocFreeBench."))
                .collect(Collectors.toList());
        if (!span.isEmpty()) {
            List<StudyResult> plain = span.stream().filter(r -> "false".equals(r.params().get("instrumented")))
                    .collect(Collectors.toList());
            List<StudyResult> instr = span.stream().filter(r -> "true".equals(r.params().get("instrumented")))
                    .collect(Collectors.toList());
            List<StudyResult> thr = plain.isEmpty() ? instr : plain;
            out.add(save(perNpages(thr, "Span alloc+free throughput (" + (plain.isEmpty() ? "instrumented lock"
                    : "uninstrumented lock") + ")", "ops/us", StudyResult::score, StudyResult::error),
                    dir.resolve("study-span-throughput.png")));
            if (!instr.isEmpty()) {
                out.add(save(perNpages(instr, "Heap-lock hold time per alloc+free", "ns",
                        r -> r.secondaryScore(RatioTable.HOLD), r -> r.secondaryError(RatioTable.HOLD)),
                        dir.resolve("study-span-hold.png")));
                out.add(save(perNpages(instr, "Heap-lock wait time per alloc+free", "ns",
                        r -> r.secondaryScore(RatioTable.WAIT), r -> r.secondaryError(RatioTable.WAIT)),
                        dir.resolve("study-span-wait.png")));
            }
        }
        List<StudyResult> scan = results.stream().filter(r -> r.shortName().equals("ReclaimScanBench.scanHeap"))
                .collect(Collectors.toList());
        if (!scan.isEmpty()) {
            out.add(save(BitmapEncoder.getBufferedImage(reclaimChart(scan)), dir.resolve("study-reclaim-scan.png")));
        }
        List<StudyResult> gc = results.stream().filter(r -> r.shortName().equals("GcCycleBench.fullCycle"))
                .collect(Collectors.toList());
        if (!gc.isEmpty()) {
            out.add(save(BitmapEncoder.getBufferedImage(gcChart(gc)), dir.resolve("study-gc-cycle.png")));
        }
        return out;
    }

    /** One bar chart per span size, side by side: x = threads, one bar per mode. */
    private static BufferedImage perNpages(List<StudyResult> rs, String title, String yTitle,
                                           ToDoubleFunction<StudyResult> y, ToDoubleFunction<StudyResult> err) {
        TreeSet<Integer> npages = new TreeSet<>();
        rs.forEach(r -> npages.add(Integer.parseInt(r.params().get("npages"))));
        List<BufferedImage> parts = new ArrayList<>();
        for (int np : npages) {
            CategoryChart c = new CategoryChartBuilder().width(520).height(420)
                    .title(title.length() > 40 ? np + " pages" : title + ", " + np + " pages")
                    .xAxisTitle("threads").yAxisTitle(yTitle).build();
            style(c.getStyler());
            c.getStyler().setErrorBarsColor(Color.BLACK);
            int ci = 0;
            for (String mode : MODES) {
                List<String> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                List<Double> es = new ArrayList<>();
                for (int t : new int[] {1, 2, 4}) {
                    for (StudyResult r : rs) {
                        if (mode.equals(r.params().get("mode")) && r.threads() == t
                                && Integer.parseInt(r.params().get("npages")) == np) {
                            xs.add(String.valueOf(t));
                            ys.add(y.applyAsDouble(r));
                            double e = err.applyAsDouble(r);
                            es.add(Double.isNaN(e) ? 0 : e);
                        }
                    }
                }
                if (!xs.isEmpty()) {
                    c.addSeries(mode, xs, ys, es).setFillColor(COLORS[ci]);
                }
                ci++;
            }
            parts.add(BitmapEncoder.getBufferedImage(c));
        }
        return withTitle(title, parts);
    }

    private static XYChart reclaimChart(List<StudyResult> rs) {
        XYChart c = new XYChartBuilder().width(900).height(560)
                .title("Reclaim scan over the whole heap (pages/s), marked fraction "
                        + rs.get(0).params().get("markedFraction"))
                .xAxisTitle("arenas (8192 pages each)").yAxisTitle("pages scanned per second").build();
        style(c.getStyler());
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        TreeSet<String> series = new TreeSet<>();
        rs.forEach(r -> series.add(r.params().get("scan") + " " + r.params().get("mode") + " density "
                + r.params().get("density")));
        int ci = 0;
        for (String s : series) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            rs.stream().filter(r -> s.equals(r.params().get("scan") + " " + r.params().get("mode") + " density "
                            + r.params().get("density")))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.params().get("arenas")),
                            Integer.parseInt(b.params().get("arenas"))))
                    .forEach(r -> {
                        xs.add(Double.parseDouble(r.params().get("arenas")));
                        ys.add(r.secondaryScore("pages"));
                    });
            var xy = c.addSeries(s, xs, ys);
            xy.setLineColor(COLORS[ci % COLORS.length]);
            xy.setMarkerColor(COLORS[ci % COLORS.length]);
            xy.setMarker(SeriesMarkers.CIRCLE);
            if (s.startsWith("BYTEWISE")) {
                xy.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 5f}, 0f));
            }
            ci++;
        }
        return c;
    }

    private static XYChart gcChart(List<StudyResult> rs) {
        XYChart c = new XYChartBuilder().width(800).height(520).title("Full GC cycle (mark + sweep all)")
                .xAxisTitle("heap (MiB, half live)").yAxisTitle("ms per cycle").build();
        style(c.getStyler());
        int ci = 0;
        for (String mode : MODES) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            List<Double> es = new ArrayList<>();
            rs.stream().filter(r -> mode.equals(r.params().get("mode")))
                    .sorted((a, b) -> Integer.compare(Integer.parseInt(a.params().get("heapMiB")),
                            Integer.parseInt(b.params().get("heapMiB"))))
                    .forEach(r -> {
                        xs.add(Double.parseDouble(r.params().get("heapMiB")));
                        ys.add(r.score());
                        es.add(Double.isNaN(r.error()) ? 0 : r.error());
                    });
            if (!xs.isEmpty()) {
                var xy = c.addSeries(mode, xs, ys, es);
                xy.setLineColor(COLORS[ci]);
                xy.setMarkerColor(COLORS[ci]);
                xy.setMarker(SeriesMarkers.CIRCLE);
            }
            ci++;
        }
        return c;
    }

    private static void style(Styler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
    }

    private static BufferedImage withTitle(String title, List<BufferedImage> parts) {
        int w = parts.stream().mapToInt(BufferedImage::getWidth).sum();
        int h = parts.stream().mapToInt(BufferedImage::getHeight).max().orElse(0) + 36;
        BufferedImage img = new BufferedImage(Math.max(w, 1), h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), h);
        g.setColor(Color.BLACK);
        g.setFont(g.getFont().deriveFont(18f));
        g.drawString(title, 12, 24);
        int x = 0;
        for (BufferedImage p : parts) {
            g.drawImage(p, x, 36, null);
            x += p.getWidth();
        }
        g.dispose();
        return img;
    }

    private static Path save(XYChart c, Path p) throws IOException {
        return save(BitmapEncoder.getBufferedImage(Objects.requireNonNull(c)), p);
    }

    private static Path save(BufferedImage img, Path p) throws IOException {
        ImageIO.write(img, "png", p.toFile());
        return p;
    }
}

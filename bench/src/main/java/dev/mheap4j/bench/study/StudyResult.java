package dev.mheap4j.bench.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark configuration's result as read from JMH's JSON file.
 *
 * @param benchmark  fully qualified benchmark method
 * @param mode       JMH mode ("thrpt", "avgt")
 * @param threads    benchmark threads
 * @param forks      forks
 * @param params     JMH parameters, sorted by name
 * @param score      primary score
 * @param error      JMH's error (99.9% confidence half-width; NaN with too few samples)
 * @param unit       primary score unit
 * @param secondary  secondary metrics by label: {score, error}
 * @param samples    measured samples behind the primary score
 */
record StudyResult(String benchmark, String mode, int threads, int forks, Map<String, String> params, double score,
                   double error, String unit, Map<String, double[]> secondary, int samples) {

    /** The benchmark's simple name, {@code Class.method}. */
    String shortName() {
        String[] parts = benchmark.split("\\.");
        return parts.length < 2 ? benchmark : parts[parts.length - 2] + "." + parts[parts.length - 1];
    }

    /** A secondary metric's score, NaN when absent. */
    double secondaryScore(String label) {
        double[] v = secondary.get(label);
        return v == null ? Double.NaN : v[0];
    }

    /** A secondary metric's error, NaN when absent. */
    double secondaryError(String label) {
        double[] v = secondary.get(label);
        return v == null ? Double.NaN : v[1];
    }

    /**
     * A secondary metric as {mean, error} over its per-iteration values. JMH reports auxiliary EVENTS counters (the
     * lock times) as the SUM over all iterations, which for a per-operation figure is meaningless, so the mean and
     * JMH's error (99.9% Student-t half-width) are recomputed from {@code rawData}; for averaged metrics this gives
     * back JMH's own score. Without rawData, JMH's score and error are used as they are.
     */
    @SuppressWarnings("unchecked")
    static double[] perIteration(Map<String, Object> m) {
        List<Double> xs = new ArrayList<>();
        Object raw = m.get("rawData");
        if (raw instanceof List<?> forks) {
            for (Object f : forks) {
                for (Object x : (List<Object>) f) {
                    xs.add(number(x));
                }
            }
        }
        if (xs.isEmpty()) {
            return new double[] {number(m.get("score")), number(m.get("scoreError"))};
        }
        double mean = xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (xs.size() < 2) {
            return new double[] {mean, Double.NaN};
        }
        double ss = 0;
        for (double x : xs) {
            ss += (x - mean) * (x - mean);
        }
        double sd = Math.sqrt(ss / (xs.size() - 1));
        double t = new org.apache.commons.math3.distribution.TDistribution(xs.size() - 1)
                .inverseCumulativeProbability(1 - 0.001 / 2);
        return new double[] {mean, t * sd / Math.sqrt(xs.size())};
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A JSON number as a double; JMH writes the errors it cannot compute as the string "NaN". */
    static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        if (o instanceof String str) {
            return Double.parseDouble(str);
        }
        return Double.NaN;
    }

    /**
     * Reads all results of a JMH JSON result file.
     *
     * @throws IllegalArgumentException naming the file, line and column when it is not well-formed JSON
     */
    @SuppressWarnings("unchecked")
    static List<StudyResult> read(Path json) throws IOException {
        List<Object> runs;
        try {
            runs = JSON.readValue(json.toFile(), List.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json + ": not JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        List<StudyResult> out = new ArrayList<>();
        for (Object o : runs) {
            Map<String, Object> run = (Map<String, Object>) o;
            Map<String, String> params = new TreeMap<>();
            Object p = run.get("params");
            if (p instanceof Map<?, ?> pm) {
                pm.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
            }
            Map<String, Object> primary = (Map<String, Object>) run.get("primaryMetric");
            Map<String, double[]> secondary = new LinkedHashMap<>();
            Object sec = run.get("secondaryMetrics");
            if (sec instanceof Map<?, ?> sm) {
                sm.forEach((k, v) -> {
                    Map<String, Object> m = (Map<String, Object>) v;
                    secondary.put((String) k, perIteration(m));
                });
            }
            int samples = 0;
            Object raw = primary.get("rawData");
            if (raw instanceof List<?> forks) {
                for (Object f : forks) {
                    samples += ((List<?>) f).size();
                }
            }
            out.add(new StudyResult((String) run.get("benchmark"), (String) run.get("mode"),
                    (int) number(run.get("threads")), (int) number(run.get("forks")), params,
                    number(primary.get("score")), number(primary.get("scoreError")),
                    (String) primary.get("scoreUnit"), secondary, samples));
        }
        return out;
    }
}

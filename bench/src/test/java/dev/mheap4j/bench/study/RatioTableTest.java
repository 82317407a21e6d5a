package dev.mheap4j.bench.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RatioTableTest {

    /** Two modes of one configuration in JMH's JSON shape (trimmed), with a lock counter and a NaN error. */
    static String json(double parentScore, double seedScore) {
        return "[" + run("PARENT", parentScore, 2000.0) + "," + run("SEED", seedScore, 3000.0) + "]";
    }

    static String run(String mode, double score, double hold) {
        return "{\"benchmark\":\"dev.mheap4j.bench.heap.SpanAllocFreeBench.threads2\",\"mode\":\"thrpt\","
                + "\"threads\":2,\"forks\":2,\"params\":{\"instrumented\":\"true\",\"mode\":\"" + mode + "\","
                + "\"npages\":\"8\"},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":\"NaN\","
                + "\"scoreUnit\":\"ops/us\",\"rawData\":[[1.0,2.0],[3.0]]},\"secondaryMetrics\":{"
                + "\"holdNsPerOp\":{\"score\":" + hold + ",\"scoreError\":1.5e1,\"scoreUnit\":\"#\"}}}";
    }

    @Test
    void readsJmhJsonAndComputesRatiosToParent(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("r.json");
        Files.writeString(f, json(0.5, 0.25));
        List<StudyResult> rs = StudyResult.read(f);

        assertThat(rs).hasSize(2);
        StudyResult seed = rs.get(1);
        assertThat(seed.shortName()).isEqualTo("SpanAllocFreeBench.threads2");
        assertThat(seed.threads()).isEqualTo(2);
        assertThat(seed.samples()).isEqualTo(3);
        assertThat(seed.error()).isNaN();
        assertThat(seed.secondaryScore("holdNsPerOp")).isEqualTo(3000.0);
        assertThat(seed.secondaryError("holdNsPerOp")).isEqualTo(15.0);
        assertThat(RatioTable.groupKey(seed)).isEqualTo(RatioTable.groupKey(rs.get(0)));

        String table = RatioTable.render(rs);
        assertThat(table).contains("| SEED | 0.250 ± NaN ops/us | 0.50 | 3000 ± 15.00 | 1.50 |");
        assertThat(table).contains("| PARENT | 0.500 ± NaN ops/us | 1.00 | 2000 ± 15.00 | 1.00 |");
    }

    @Test
    void summedCountersBecomePerIterationMeansWithStudentTError() {
        // JMH sums EVENTS counters over iterations: score 60 = 10 + 20 + 30.
        double[] v = StudyResult.perIteration(java.util.Map.of("score", 60.0, "scoreError", "NaN",
                "rawData", List.of(List.of(10.0, 20.0), List.of(30.0))));
        assertThat(v[0]).isEqualTo(20.0);
        // sd = 10, n = 3, t(0.9995, 2) = 31.599: error = 31.599 * 10 / sqrt(3) = 182.4
        assertThat(v[1]).isBetween(182.3, 182.5);
    }

    @Test
    void ratioIsDashWithoutBaseline() {
        assertThat(RatioTable.ratio(1, Double.NaN)).isEqualTo("-");
        assertThat(RatioTable.ratio(1, 0)).isEqualTo("-");
        assertThat(RatioTable.ratio(3, 2)).isEqualTo("1.50");
    }

    @Test
    void badJsonNamesTheFileAndPosition(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[1, }");
        assertThatThrownBy(() -> StudyResult.read(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.json").hasMessageContaining("line 1, column 5");
    }
}

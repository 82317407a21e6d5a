package dev.mheap4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.heap.CycleStats;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** gctrace lines: Go's number formatting, and lines that parse with Go's regex and agree with the cycle figures. */
class GcTraceTest {

    @Test
    void fmtNSAsMSFollowsGo() {
        // The gctrace example of gctrace-format.md: 0.056+1.2+0.037 ms clock.
        assertThat(GcTrace.fmtNSAsMS(56_000)).isEqualTo("0.056");
        assertThat(GcTrace.fmtNSAsMS(1_234_567)).isEqualTo("1.2");
        assertThat(GcTrace.fmtNSAsMS(37_999)).isEqualTo("0.037");
        assertThat(GcTrace.fmtNSAsMS(999)).isEqualTo("0");
        assertThat(GcTrace.fmtNSAsMS(9_999_999)).isEqualTo("9.9");
        assertThat(GcTrace.fmtNSAsMS(10_000_000)).isEqualTo("10");
        assertThat(GcTrace.fmtNSAsMS(123_456_789)).isEqualTo("123");
        assertThat(GcTrace.fmtNSAsMS(240_000)).isEqualTo("0.24");
        assertThat(GcTrace.itoaDiv(1003, 3)).isEqualTo("1.003");
        assertThat(GcTrace.itoaDiv(5, 3)).isEqualTo("0.005");
        assertThat(GcTrace.itoaDiv(0, 3)).isEqualTo("0.000");
    }

    @Test
    void goExampleFiguresGiveGoExampleLine() {
        // gc 13 @1.003s: 125->126->65 MB, 128 MB goal, 2 P, from figures chosen to reproduce it.
        long start = 1_000_000_000L;
        CycleStats cs = new CycleStats(13, start + 1_003_400_000L, 56_000, 1_200_000, 37_000, 125L << 20,
                (126L << 20) + 5, 65L << 20, 128L << 20, 130L << 20, 124L << 20, 0.9, false, 1, 0, 64L << 20, 0.9);
        String line = new GcTrace(start, 2).format(cs, start + 100_000_000_000L);
        assertThat(line).isEqualTo("gc 13 @1.003s 0%: 0.056+1.2+0.037 ms clock, 0.11+0/2.4/0+0.074 ms cpu,"
                + " 125->126->65 MB, 128 MB goal, 2 P");
        assertThat(GcTrace.LINE.matcher(line).matches()).isTrue();
    }

    @Test
    void forcedCycleIsMarked() {
        CycleStats cs = new CycleStats(1, 5, 1000, 1000, 1000, 1, 1, 1, 4L << 20, 4L << 20, 4L << 20, 0.875, true,
                1, 0, 2236962, 0.875);
        String line = new GcTrace(0, 4).format(cs, 1_000_000);
        assertThat(line).endsWith(", 4 P (forced)");
        Matcher m = GcTrace.LINE.matcher(line);
        assertThat(m.matches()).isTrue();
        assertThat(m.group(17)).isEqualTo(" (forced)");
    }

    @Test
    void simulatedLinesParseAndAgreeWithTheCycleFigures() throws InterruptedException {
        Scenario sc = ScenarioRunTest.small("steady", 8);
        SimulationConfig cfg = SimulationConfig.of(sc).withGomaxprocs(3);
        SimulationResult r = new Simulation(cfg, null, null).run();
        List<String> lines = r.traceLines();
        assertThat(lines).hasSize(r.cycles().size()).hasSize(8);
        double lastAt = -1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            CycleStats cs = r.cycles().get(i);
            Matcher m = GcTrace.LINE.matcher(line);
            assertThat(m.matches()).as("line %s", line).isTrue();
            assertThat(Integer.parseInt(m.group(1))).isEqualTo(cs.cycle()).isEqualTo(i + 1);
            double at = Double.parseDouble(m.group(2));
            assertThat(at).as("@ seconds are increasing").isGreaterThanOrEqualTo(lastAt);
            lastAt = at;
            assertThat(Integer.parseInt(m.group(3))).isBetween(0, 100);
            assertThat(m.group(4)).isEqualTo(GcTrace.fmtNSAsMS(cs.sweepTermNanos()));
            assertThat(m.group(5)).isEqualTo(GcTrace.fmtNSAsMS(cs.markNanos()));
            assertThat(m.group(6)).isEqualTo(GcTrace.fmtNSAsMS(cs.markTermNanos()));
            assertThat(m.group(7)).isEqualTo(GcTrace.fmtNSAsMS(cs.sweepTermNanos() * 3));
            assertThat(m.group(8)).isEqualTo("0");
            assertThat(m.group(9)).isEqualTo(GcTrace.fmtNSAsMS(cs.markNanos() * 3));
            assertThat(m.group(10)).isEqualTo("0");
            assertThat(m.group(11)).isEqualTo(GcTrace.fmtNSAsMS(cs.markTermNanos() * 3));
            assertThat(Long.parseLong(m.group(12))).isEqualTo(cs.heapLiveAtStart() >> 20);
            assertThat(Long.parseLong(m.group(13))).isEqualTo(cs.heapLiveAtMarkEnd() >> 20);
            assertThat(Long.parseLong(m.group(14))).isEqualTo(cs.heapMarked() >> 20);
            assertThat(Long.parseLong(m.group(15))).isEqualTo(cs.heapGoal() >> 20);
            assertThat(Integer.parseInt(m.group(16))).isEqualTo(3);
            assertThat(m.group(17)).isNull();
            // The heap's own counters: the goal of cycle n+1 is the next_gc set at the end of cycle n, or higher
            // when startCycle raised it to heap_live + 1 MiB.
            if (i > 0) {
                assertThat(cs.heapGoal()).isGreaterThanOrEqualTo(r.cycles().get(i - 1).nextGoal());
                assertThat(cs.heapMarkedPrev()).isEqualTo(r.cycles().get(i - 1).heapMarked());
            }
        }
    }
}

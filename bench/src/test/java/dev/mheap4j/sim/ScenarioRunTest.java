package dev.mheap4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.heap.HeapInvariants;
import dev.mheap4j.heap.SyncMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Each built-in scenario runs a few cycles and the heap's invariant checker passes after every one. */
class ScenarioRunTest {

    static List<String> builtIn() {
        return List.copyOf(Scenarios.builtIn().keySet());
    }

    /** The scenario shrunk to {@code cycles} cycles and at most 16 MiB live, so that the suite stays fast. */
    static Scenario small(String name, int cycles) {
        Scenario sc = Scenarios.named(name);
        return sc.withMaxLive(Math.min(sc.maxLiveBytes(), 16L << 20)).withCycles(cycles);
    }

    static List<String> runCheckingInvariants(SimulationConfig cfg) throws InterruptedException {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        SimulationResult r = new Simulation(cfg, null, heap -> {
            checked[0]++;
            for (String p : HeapInvariants.check(heap)) {
                problems.add("after cycle " + heap.collector().cycles() + ": " + p);
            }
        }).run();
        assertThat(r.failure()).as("run failure").isNull();
        assertThat(r.cycles()).hasSize(cfg.scenario().totalCycles());
        assertThat(checked[0]).isEqualTo(cfg.scenario().totalCycles());
        assertThat(r.summary().bytesAllocated()).isPositive();
        return problems;
    }

    @ParameterizedTest
    @MethodSource("builtIn")
    void invariantsHoldAfterEveryCycle(String name) throws InterruptedException {
        SimulationConfig cfg = SimulationConfig.of(small(name, 6));
        assertThat(runCheckingInvariants(cfg)).as("invariant problems in %s", name).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void invariantsHoldInEveryMode(SyncMode mode) throws InterruptedException {
        SimulationConfig cfg = SimulationConfig.of(small("fragmentation", 5)).withMode(mode);
        assertThat(runCheckingInvariants(cfg)).as("invariant problems in %s", mode).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("builtIn")
    void phasesSetTheLiveSetTheCollectorMarks(String name) throws InterruptedException {
        Scenario sc = small(name, 8);
        SimulationResult r = new Simulation(SimulationConfig.of(sc), null, null).run();
        // Marked bytes never exceed the phase's target by more than size-class rounding and one object per thread.
        long maxObject = sc.sizes().stream().mapToLong(SizeBucket::max).max().orElseThrow();
        for (var cs : r.cycles()) {
            long target = sc.phaseAfter(cs.cycle() - 1).liveBytes();
            assertThat(cs.heapMarked()).as("cycle %d of %s", cs.cycle(), name)
                    .isLessThanOrEqualTo((long) (target * 1.15) + sc.threads() * (maxObject + 8192));
        }
    }

    @org.junit.jupiter.api.Test
    void phaseChangeDropsTheLiveSetByNinetyPercent() throws InterruptedException {
        Scenario sc = Scenarios.named("phase-change");
        SimulationResult r = new Simulation(SimulationConfig.of(sc), null, null).run();
        // Cycle 10 ends the first phase (64 MiB live); cycle 16 the low phase (6.4 MiB).
        long high = r.cycles().get(9).heapMarked();
        long low = r.cycles().get(15).heapMarked();
        assertThat(high).isGreaterThan(60L << 20);
        assertThat((double) low / high).isBetween(0.07, 0.13);
        assertThat(r.cycles().get(r.cycles().size() - 1).heapMarked()).isGreaterThan(60L << 20);
    }
}

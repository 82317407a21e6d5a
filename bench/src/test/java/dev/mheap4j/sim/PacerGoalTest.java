package dev.mheap4j.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.heap.CycleStats;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pacer reaches the heap goal in the steady scenario within Go's tolerance: Go's pacer tests (mgcpacer_test.go,
 * TestGcPacer, from Go 1.18) accept a steady-state goal ratio, peak heap over goal, between 0.95 and 1.05.
 */
class PacerGoalTest {

    @Test
    void steadyScenarioEndsEachSettledCycleWithinFivePercentOfTheGoal() throws InterruptedException {
        Scenario sc = Scenarios.named("steady");
        SimulationResult r = new Simulation(SimulationConfig.of(sc), null, null).run();
        List<CycleStats> cycles = r.cycles();
        assertThat(cycles).hasSize(sc.totalCycles());
        // Settled: the live set has been reached (heap_marked within 10% of the last cycle's).
        long finalMarked = cycles.get(cycles.size() - 1).heapMarked();
        List<CycleStats> settled = cycles.stream()
                .filter(c -> c.heapMarkedPrev() > 0.9 * finalMarked && c.heapMarked() > 0.9 * finalMarked).toList();
        assertThat(settled).as("settled cycles").hasSizeGreaterThanOrEqualTo(8);
        for (CycleStats c : settled) {
            assertThat(Simulation.goalRatio(c)).as("cycle %d: heap_live %d at mark end, goal %d", c.cycle(),
                    c.heapLiveAtMarkEnd(), c.heapGoal()).isBetween(0.95, 1.05);
        }
    }
}

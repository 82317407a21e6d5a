package dev.mheap4j.bench.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mheap4j.pacer.TriggerClamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The docs' closed-loop model converges where the endCycle algebra says it must. */
class PacerLoopSimulationTest {

    private static double last(List<PacerLoopSimulation.Cycle> cycles) {
        return cycles.get(cycles.size() - 1).triggerRatio();
    }

    @Test
    void theRatioSettlesWhereAssistsMakeUpTheLastFivePercentOfUtilization() {
        // 64 MiB scanned by one worker-equivalent (4 Ps x 25%) at 1 B/ns while 0.3 B/ns is allocated. endCycle's
        // error vanishes when the cycle ends at the goal with u_a = u_g = 0.30, i.e. assists at 5%:
        // (0.3 / (1 - h) - 1) / 4 = 0.05 gives h = 0.75.
        List<PacerLoopSimulation.Cycle> cycles = PacerPlots.simulation(100, TriggerClamp.SEED, 0.3).run(40);
        assertThat(cycles.get(0).triggerRatio()).isEqualTo(7 / 8.0);
        assertThat(last(cycles)).isCloseTo(0.75, within(1e-6));
        PacerLoopSimulation.Cycle end = cycles.get(cycles.size() - 1);
        assertThat(end.assistUtilization()).isCloseTo(0.05, within(1e-6));
        assertThat(end.heapAtMarkEnd()).isEqualTo(end.goal());
    }

    @Test
    void lightAllocationNeedsNoAssistsAndRisesToTheCap() {
        // growth 0.05 during mark: no-assist fixed point 1 - 5/6 x 0.05 = 0.958, above the 0.95 cap
        List<PacerLoopSimulation.Cycle> cycles = PacerPlots.simulation(100, TriggerClamp.SEED, 0.05).run(20);
        assertThat(last(cycles)).isEqualTo(0.95);
        assertThat(cycles).allSatisfy(c -> assertThat(c.assistUtilization()).isZero());
    }

    @Test
    void gogc50SettlesBelowTheSeedFloorOnlyWithTheFix() {
        // h = 0.5 - 5/6 x 0.1 = 0.41667: inside [0.3, 0.475] for the fix, below the seed's fixed 0.6 floor
        double fixed = last(PacerPlots.simulation(50, TriggerClamp.FIXED_D1ECFCC1E8, 0.1).run(40));
        assertThat(fixed).isCloseTo(0.5 - 0.1 * 5 / 6, within(1e-6));
        List<PacerLoopSimulation.Cycle> seed = PacerPlots.simulation(50, TriggerClamp.SEED, 0.1).run(40);
        assertThat(last(seed)).isEqualTo(0.6);
        PacerLoopSimulation.Cycle c = seed.get(seed.size() - 1);
        long liveHeap = 64L << 20;
        assertThat(c.trigger()).isEqualTo((long) (liveHeap * 1.6));
        // gcSetTriggerRatio dragged the goal up to the trigger, and startCycle then kept it 1 MiB above heap_live
        assertThat(c.goal()).isEqualTo(c.trigger() + (1L << 20));
    }

    @Test
    void heavyAllocationPinsTheRatioAtTheFloorAndNeedsAssists() {
        List<PacerLoopSimulation.Cycle> cycles = PacerPlots.simulation(100, TriggerClamp.SEED, 0.8).run(20);
        assertThat(last(cycles)).isEqualTo(0.6);
        assertThat(cycles.get(cycles.size() - 1).assistUtilization()).isPositive();
        assertThat(cycles.get(cycles.size() - 1).heapAtMarkEnd()).isEqualTo(cycles.get(cycles.size() - 1).goal());
    }
}

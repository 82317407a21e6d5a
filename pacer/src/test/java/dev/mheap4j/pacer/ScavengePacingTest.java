package dev.mheap4j.pacer;

import static dev.mheap4j.pacer.PacerFixtures.MIB;
import static dev.mheap4j.pacer.PacerFixtures.locked;
import static dev.mheap4j.pacer.PacerFixtures.pacer;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** gcPaceScavenger's retained-heap goal (spec 4.12). The spec has no worked numbers; these follow its steps. */
class ScavengePacingTest {

    private static final long PAGE = 4096;

    @Test
    void retainedGoalScalesByTheGoalRatioAddsATenthAndRoundsUp() {
        // same goal as last cycle: 100 MiB + 10 MiB, already page-aligned
        assertThat(ScavengePacing.retainedGoal(100 * MIB, 200 * MIB, 200 * MIB, PAGE)).isEqualTo(110 * MIB);
        // goal doubled: 200 MiB + 20 MiB
        assertThat(ScavengePacing.retainedGoal(100 * MIB, 400 * MIB, 200 * MIB, PAGE)).isEqualTo(220 * MIB);
        // 1000 + 100 = 1100, rounded up to one page
        assertThat(ScavengePacing.retainedGoal(1000, 1, 1, PAGE)).isEqualTo(PAGE);
        // the tenth is an integer division: 1009 + 100
        assertThat(ScavengePacing.retainedGoal(1009, 1, 1, 1)).isEqualTo(1109);
        assertThat(ScavengePacing.retainedGoal(1009, 1, 1, 64 * 1024)).isEqualTo(64 * 1024);
    }

    @Test
    void scavengeOnlyWhenMoreThanAPageAboveTheGoal() {
        long goal = 110 * MIB;
        assertThat(ScavengePacing.scavengeGoal(100 * MIB, 200 * MIB, 200 * MIB, 200 * MIB, PAGE)).isEqualTo(goal);
        assertThat(ScavengePacing.scavengeGoal(100 * MIB, 200 * MIB, 200 * MIB, goal + PAGE, PAGE)).isEqualTo(goal);
        assertThat(ScavengePacing.scavengeGoal(100 * MIB, 200 * MIB, 200 * MIB, goal + PAGE - 1, PAGE))
                .isEqualTo(GcPacer.NEVER);
        assertThat(ScavengePacing.scavengeGoal(100 * MIB, 200 * MIB, 200 * MIB, goal, PAGE)).isEqualTo(GcPacer.NEVER);
        assertThat(ScavengePacing.scavengeGoal(100 * MIB, 200 * MIB, 200 * MIB, 0, PAGE)).isEqualTo(GcPacer.NEVER);
    }

    @Test
    void disabledBeforeTheFirstCycleEnds() {
        assertThat(ScavengePacing.scavengeGoal(100 * MIB, 200 * MIB, 0, 1L << 40, PAGE)).isEqualTo(GcPacer.NEVER);
    }

    @Test
    void thePacerSetsTheGoalAfterACycleEnd() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        locked(p, () -> {
            p.setHeapMarked(100 * MIB);
            p.gcSetTriggerRatio(0.7, HeapSnapshot.swept(100 * MIB)); // next_gc 200 MiB
            p.recordCycleEnd(120 * MIB);
            assertThat(p.lastNextGC()).isEqualTo(200 * MIB);
            assertThat(p.lastHeapInuse()).isEqualTo(120 * MIB);
            p.setHeapMarked(50 * MIB); // next goal 100 MiB: half
            p.gcSetTriggerRatio(0.7, new HeapSnapshot(50 * MIB, 0, 0, true, 300 * MIB));
            // 120 MiB x 0.5 = 60 MiB, + 6 MiB
            assertThat(p.scavengeGoal()).isEqualTo(66 * MIB);
            p.gcSetTriggerRatio(0.7, new HeapSnapshot(50 * MIB, 0, 0, true, 66 * MIB));
            assertThat(p.scavengeGoal()).isEqualTo(GcPacer.NEVER);
        });
    }
}

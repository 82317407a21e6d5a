package dev.mheap4j.pacer;

import static dev.mheap4j.pacer.PacerFixtures.MIB;
import static dev.mheap4j.pacer.PacerFixtures.locked;
import static dev.mheap4j.pacer.PacerFixtures.pacer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Out-of-range numbers to the Java API throw IllegalArgumentException naming the value, and change nothing. */
class BadInputTest {

    /** A pacer mid-cycle, with sweep pacing, a scavenger goal and controller state, so "unchanged" means much. */
    private static GcPacer busyPacer() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        locked(p, () -> {
            p.setHeapMarked(100 * MIB);
            p.recordCycleEnd(90 * MIB);
            p.gcSetTriggerRatio(0.7, new HeapSnapshot(100 * MIB, 80 * MIB, 12_800, false, 500 * MIB));
        });
        p.sweepPacing().addPagesSwept(17);
        p.controller().addScanWork(1000);
        p.controller().addAssistTime(2000);
        p.controller().setMarkStartTime(3000);
        p.setGcPhase(GcPhase.MARK);
        return p;
    }

    private static HeapSnapshot good() {
        return new HeapSnapshot(110 * MIB, 80 * MIB, 12_800, false, 500 * MIB);
    }

    static Stream<Arguments> badCalls() {
        return Stream.of(
                bad("gcSetTriggerRatio(NaN)", "NaN", p -> p.gcSetTriggerRatio(Double.NaN, good())),
                bad("gcSetTriggerRatio(+Inf)", "Infinity", p -> p.gcSetTriggerRatio(Double.POSITIVE_INFINITY, good())),
                bad("gcSetTriggerRatio(-Inf)", "-Infinity", p -> p.gcSetTriggerRatio(Double.NEGATIVE_INFINITY, good())),
                bad("negative heap_live", "-5", p -> p.gcSetTriggerRatio(0.7, good().withHeapLive(-5))),
                bad("negative pagesInUse", "-12800",
                        p -> p.gcSetTriggerRatio(0.7, new HeapSnapshot(MIB, 0, -12_800, false, 0))),
                bad("negative heapRetained", "-1",
                        p -> p.gcSetTriggerRatio(0.7, new HeapSnapshot(MIB, 0, 0, false, -1))),
                bad("negative heap_scan while marking", "-7",
                        p -> p.gcSetTriggerRatio(0.7, new HeapSnapshot(MIB, -7, 0, false, 0))),
                bad("setGCPercent with negative heap_live", "-9",
                        p -> p.setGCPercent(50, good().withHeapLive(-9))),
                bad("setHeapMarked(-1)", "-1", p -> p.setHeapMarked(-1)),
                bad("recordCycleEnd(-2)", "-2", p -> p.recordCycleEnd(-2)),
                bad("startCycle(gomaxprocs 0)", "0", p -> p.controller().startCycle(good(), 0)),
                bad("startCycle(negative initial heap)", "-3",
                        p -> p.controller().startCycle(good(), -3, 4, false)),
                bad("startCycle(negative heap_scan)", "-4",
                        p -> p.controller().startCycle(new HeapSnapshot(MIB, -4, 0, true, 0), 4)),
                bad("revise(negative heap_live)", "-6", p -> p.controller().revise(good().withHeapLive(-6))),
                bad("endCycle(gomaxprocs -2)", "-2", p -> p.controller().endCycle(good(), false, 10, -2)),
                bad("endCycle(negative heap_live)", "-8",
                        p -> p.controller().endCycle(good().withHeapLive(-8), false, 10, 2)),
                bad("addScanWork(-1)", "-1", p -> p.controller().addScanWork(-1)),
                bad("addAssistTime(-10)", "-10", p -> p.controller().addAssistTime(-10)),
                bad("addMarkWorkerTime(idle -11)", "-11", p -> p.controller().addMarkWorkerTime(1, 1, -11)),
                bad("addPagesSwept(-12)", "-12", p -> p.sweepPacing().addPagesSwept(-12)),
                bad("debt(spanBytes -13)", "-13", p -> p.sweepPacing().debt(() -> MIB, -13, 0)),
                bad("debt(callerSweepPages -14)", "-14", p -> p.sweepPacing().debt(() -> MIB, 0, -14)),
                bad("debt(heap_live -15)", "-15", p -> p.sweepPacing().debt(() -> -15, 0, 0)));
    }

    private static Arguments bad(String name, String value, Consumer<GcPacer> call) {
        return Arguments.of(name, value, call);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void throwsNamingTheValueAndLeavesStateUnchanged(String name, String value, Consumer<GcPacer> call) {
        GcPacer p = busyPacer();
        PacerFixtures.State before = PacerFixtures.State.of(p);
        assertThatThrownBy(() -> locked(p, () -> call.accept(p)))
                .as(name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith(": " + value);
        assertThat(PacerFixtures.State.of(p)).as(name).isEqualTo(before);
    }

    @Test
    void pureFunctionsRejectBadNumbers() {
        assertThatThrownBy(() -> SweepDebt.pagesTarget(1, 0, MIB, 0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
        assertThatThrownBy(() -> SweepDebt.pagesTarget(1, 0, MIB, 0, -0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-0.5");
        assertThatThrownBy(() -> SweepDebt.pagesTarget(1, 0, MIB, -16, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-16");
        assertThatThrownBy(() -> ScavengePacing.retainedGoal(MIB, MIB, 0, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("last_next_gc");
        assertThatThrownBy(() -> ScavengePacing.retainedGoal(-17, MIB, MIB, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-17");
        assertThatThrownBy(() -> ScavengePacing.scavengeGoal(MIB, MIB, MIB, -18, 4096))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-18");
        assertThatThrownBy(() -> ScavengePacing.retainedGoal(MIB, MIB, MIB, 3000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3000");
        assertThatThrownBy(() -> GcControllerState.WorkerSplit.of(-1, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> GcPacer.gcinit("100", TriggerClamp.SEED, 0, new ReentrantLock(),
                HeapSnapshot.swept(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("physPageSize must be a positive"
                        + " power of two: 0");
    }

    @Test
    void gcinitRejectsANegativeHeapReading() {
        assertThatThrownBy(() -> GcPacer.gcinit("100", HeapSnapshot.swept(-19)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-19");
    }

    @Test
    void aGogcStringIsNeverAnError() {
        for (String s : new String[] {"", "garbage", "+", "-", "99999999999999999999999", "\u0000", "off "}) {
            GcPacer p = pacer(s, TriggerClamp.SEED);
            assertThat(p.gcPercent()).as("GOGC=%s", s).isEqualTo(Gogc.readgogc(s));
        }
    }
}

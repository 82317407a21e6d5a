package dev.mheap4j.pacer;

import static dev.mheap4j.pacer.PacerFixtures.MIB;
import static dev.mheap4j.pacer.PacerFixtures.locked;
import static dev.mheap4j.pacer.PacerFixtures.pacer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** startCycle, revise and endCycle, with the endCycle vectors of spec 4.11. */
class GcControllerStateTest {

    /** GOGC=100, heap_marked 100 MiB, trigger ratio 0.7: goal 200 MiB (h_g = 1.0), trigger 170 MiB. */
    private static GcPacer pacedAt0Point7() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        locked(p, () -> {
            p.setHeapMarked(100 * MIB);
            p.gcSetTriggerRatio(0.7, HeapSnapshot.swept(100 * MIB));
        });
        return p;
    }

    private static double endCycle(GcPacer p, long heapLive, long assistNanos, long durationNanos, int procs,
                                   boolean forced) {
        GcControllerState c = p.controller();
        c.setMarkStartTime(1_000_000);
        c.addAssistTime(assistNanos);
        double[] next = new double[1];
        locked(p, () -> next[0] = c.endCycle(HeapSnapshot.swept(heapLive), forced, 1_000_000 + durationNanos,
                procs));
        return next[0];
    }

    @Test
    void endCycleWithoutAssists() {
        // h_t = 0.7, h_g = 1.0, h_a = 0.8, u_a = 0.25
        double next = endCycle(pacedAt0Point7(), 180 * MIB, 0, 1_000_000_000, 4, false);
        double error = (next - 0.7) / 0.5;
        assertThat(PacerTrace.goFloat(error)).isEqualTo("+2.166667e-001");
        assertThat(PacerTrace.goFloat(next)).isEqualTo("+8.083333e-001");
        assertThat(next).isCloseTo(0.7 + 0.5 * (1.0 - 0.7 - 0.25 / 0.3 * (0.8 - 0.7)), within(1e-15));
    }

    @Test
    void endCycleWithTenPercentAssist() {
        // 4 Ps for 1 s with 0.4 s of assists: u_a = 0.25 + 0.4 / 4 = 0.35
        double next = endCycle(pacedAt0Point7(), 180 * MIB, 400_000_000, 1_000_000_000, 4, false);
        double error = (next - 0.7) / 0.5;
        assertThat(PacerTrace.goFloat(error)).isEqualTo("+1.833333e-001");
        assertThat(PacerTrace.goFloat(next)).isEqualTo("+7.916667e-001");
    }

    @Test
    void aNonPositiveMarkDurationCountsNoAssist() {
        double withoutDuration = endCycle(pacedAt0Point7(), 180 * MIB, 400_000_000, 0, 4, false);
        assertThat(PacerTrace.goFloat(withoutDuration)).isEqualTo("+8.083333e-001");
    }

    @Test
    void aUserForcedCycleKeepsTheRatio() {
        double next = endCycle(pacedAt0Point7(), 190 * MIB, 400_000_000, 1_000_000_000, 4, true);
        assertThat(next).isEqualTo(0.7);
    }

    @Test
    void endCycleLeavesStateAlone() {
        GcPacer p = pacedAt0Point7();
        p.controller().setMarkStartTime(5);
        PacerFixtures.State before = PacerFixtures.State.of(p);
        locked(p, () -> p.controller().endCycle(HeapSnapshot.swept(150 * MIB), false, 100, 2));
        assertThat(PacerFixtures.State.of(p)).isEqualTo(before);
    }

    @ParameterizedTest(name = "GOMAXPROCS={0}: {1} dedicated + {2} fractional")
    @CsvSource({
            // fractional workers for GOMAXPROCS <= 3 and 6, per Go's comment
            "1, 0, 0.25",
            "2, 0, 0.25",
            "3, 0, 0.25",
            "4, 1, 0",
            "5, 1, 0",
            "6, 1, 0.08333333333333333",
            "7, 2, 0",
            "8, 2, 0",
            "48, 12, 0",
    })
    void workerSplit(int procs, long dedicated, double fractional) {
        GcControllerState.WorkerSplit split = GcControllerState.WorkerSplit.of(procs, false);
        assertThat(split.dedicated()).isEqualTo(dedicated);
        assertThat(split.fractionalUtilizationGoal()).isEqualTo(fractional);
        double total = split.dedicated() + split.fractionalUtilizationGoal() * procs;
        if (split.fractionalUtilizationGoal() > 0) {
            assertThat(total).as("fractional workers make up 25%% exactly").isCloseTo(procs * 0.25, within(1e-12));
        } else {
            assertThat(Math.abs(total / (procs * 0.25) - 1)).as("rounding error tolerated").isLessThanOrEqualTo(0.3);
        }
    }

    @Test
    void stopTheWorldModeDedicatesEveryP() {
        assertThat(GcControllerState.WorkerSplit.of(6, true))
                .isEqualTo(new GcControllerState.WorkerSplit(6, 0));
    }

    @Test
    void startCycleResetsCountersRaisesTheGoalAndRevises() {
        GcPacer p = pacedAt0Point7();
        GcControllerState c = p.controller();
        c.addScanWork(123);
        c.addAssistTime(456);
        c.addBgScanCredit(789);
        c.addMarkWorkerTime(1, 2, 3);
        // heap_live 199.5 MiB is within 1 MiB of the 200 MiB goal
        HeapSnapshot heap = new HeapSnapshot(200 * MIB - MIB / 2, 100 * MIB, 0, true, 0);
        locked(p, () -> c.startCycle(heap, 6));
        assertThat(c.scanWork()).isZero();
        assertThat(c.assistTime()).isZero();
        assertThat(c.bgScanCredit()).isZero();
        assertThat(c.dedicatedMarkTime() + c.fractionalMarkTime() + c.idleMarkTime()).isZero();
        assertThat(p.nextGC()).isEqualTo(200 * MIB + MIB / 2);
        assertThat(c.dedicatedMarkWorkersNeeded()).isEqualTo(1);
        assertThat(c.fractionalUtilizationGoal()).isEqualTo((1.5 - 1) / 6);
        // soft regime: 50 MiB of work over 1 MiB of heap
        assertThat(c.assistWorkPerByte()).isEqualTo(50.0);
        assertThat(c.tryClaimDedicatedWorker()).isTrue();
        assertThat(c.tryClaimDedicatedWorker()).isFalse();
        assertThat(c.dedicatedMarkWorkersNeeded()).isZero();
    }

    @Test
    void reviseHardRegimeWhenPastTheGoal() {
        GcPacer p = pacedAt0Point7();
        // heap_live 210 MiB > next_gc 200 MiB: aim for 1.1 x 200 MiB with all of heap_scan left
        locked(p, () -> p.controller().revise(new HeapSnapshot(210 * MIB, 100 * MIB, 0, true, 0)));
        // int64(200 MiB x 1.1) = 230,686,720; 100 MiB of work over the 10 MiB left
        assertThat(p.controller().assistWorkPerByte()).isEqualTo(10.0);
    }

    @Test
    void reviseHardRegimeWhenScanWorkExceededTheEstimate() {
        GcPacer p = pacedAt0Point7();
        p.controller().addScanWork(60 * MIB); // more than the 50 MiB expected
        locked(p, () -> p.controller().revise(new HeapSnapshot(150 * MIB, 100 * MIB, 0, true, 0)));
        // 40 MiB of heap_scan left over 230,686,720 - 150 MiB
        assertThat(p.controller().assistWorkPerByte()).isEqualTo(40.0 * MIB / 73_400_320);
    }

    @Test
    void reviseFloorsRemainingWorkAndHeap() {
        GcPacer p = pacedAt0Point7();
        p.controller().addScanWork(100 * MIB); // all done: remaining work floored at 1000
        locked(p, () -> p.controller().revise(new HeapSnapshot(250 * MIB, 100 * MIB, 0, true, 0)));
        // 250 MiB is past even the hard goal: remaining heap floored at 1 byte
        assertThat(p.controller().assistWorkPerByte()).isEqualTo(1000.0);
        assertThat(p.controller().assistBytesPerWork()).isEqualTo(1 / 1000.0);
    }

    @Test
    void reviseTreatsGcOffAsGogc100000() {
        GcPacer p = pacer("off", TriggerClamp.SEED);
        locked(p, () -> p.controller().revise(new HeapSnapshot(10 * MIB, 100_100, 0, true, 0)));
        // next_gc is "never": int64(^0) = -1 as the soft goal, so the remaining heap is floored at 1 byte;
        // expected work 100,100 x 100 / 100,100 = 100
        assertThat(p.controller().assistWorkPerByte()).isEqualTo(1000.0);
    }
}

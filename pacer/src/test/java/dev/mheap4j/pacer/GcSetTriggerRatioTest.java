package dev.mheap4j.pacer;

import static dev.mheap4j.pacer.PacerFixtures.MIB;
import static dev.mheap4j.pacer.PacerFixtures.locked;
import static dev.mheap4j.pacer.PacerFixtures.pacer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The worked vectors of spec 4.10 and 4.11 (gcinit, setGCPercent, gcSetTriggerRatio), both clamp rules. */
class GcSetTriggerRatioTest {

    private static final long HEAP_MARKED_100_MIB = 100 * MIB;

    /** Sets heap_marked and the ratio as mark termination would, on a fully swept heap. */
    private static void pace(GcPacer p, long heapMarked, double ratio, HeapStats heap) {
        locked(p, () -> {
            p.setHeapMarked(heapMarked);
            p.gcSetTriggerRatio(ratio, heap);
        });
    }

    @ParameterizedTest
    @EnumSource(TriggerClamp.class)
    void startupWithGogc100(TriggerClamp clamp) {
        PacerFixtures.State s = PacerFixtures.State.of(pacer("100", clamp));
        assertThat(s.gcpercent()).isEqualTo(100);
        assertThat(s.heapMinimum()).isEqualTo(4_194_304L);
        assertThat(s.triggerRatio()).isEqualTo(0.875);
        assertThat(s.heapMarked()).isEqualTo(2_236_962L);
        assertThat(s.nextGC()).isEqualTo(4_473_924L);
        // raw trigger uint64(2,236,962 x 1.875) = 4,194,303, raised to the heap minimum
        assertThat(s.gcTrigger()).isEqualTo(4_194_304L);
        assertThat(s.sweepPagesPerByte()).isZero();
        assertThat(s.scavengeGoal()).as("no scavenging before the first cycle").isEqualTo(GcPacer.NEVER);
    }

    @Test
    void startupWithGogc200KeepsTheFakedHeapMarkedAndPushesTheGoalUpToTheMinimum() {
        PacerFixtures.State s = PacerFixtures.State.of(pacer("200", TriggerClamp.SEED));
        assertThat(s.heapMarked()).as("faked from the default 4 MiB").isEqualTo(2_236_962L);
        assertThat(s.heapMinimum()).isEqualTo(8_388_608L);
        // goal 2,236,962 x 3 = 6,710,886 < trigger raised to 8 MiB
        assertThat(s.gcTrigger()).isEqualTo(8_388_608L);
        assertThat(s.nextGC()).isEqualTo(8_388_608L);
    }

    @ParameterizedTest
    @EnumSource(TriggerClamp.class)
    void gogc100HeapMarked100MiBWithSweepPending(TriggerClamp clamp) {
        GcPacer p = pacer("100", clamp);
        pace(p, HEAP_MARKED_100_MIB, 0.7, new HeapSnapshot(100 * MIB, 0, 12_800, false, 0));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.triggerRatio()).isEqualTo(0.7);
        assertThat(s.nextGC()).isEqualTo(200 * MIB);
        assertThat(s.gcTrigger()).as("170 MiB, above the sweep minimum 101 MiB").isEqualTo(170 * MIB);
        // heapDistance = 170 - 100 - 1 MiB = 72,351,744
        assertThat(s.sweepPagesPerByte()).isEqualTo(12_800 / 72_351_744.0);
        assertThat(PacerTrace.goFloat(s.sweepPagesPerByte())).isEqualTo("+1.769135e-004");
        assertThat(s.sweepHeapLiveBasis()).isEqualTo(100 * MIB);
        assertThat(s.pagesSweptBasis()).isZero();
    }

    @Test
    void gogc50SeedRaisesALowRatioAboveTheCapAndTheGoalFollowsTheTrigger() {
        GcPacer p = pacer("50", TriggerClamp.SEED);
        pace(p, HEAP_MARKED_100_MIB, 0.3, HeapSnapshot.swept(HEAP_MARKED_100_MIB));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(TriggerClamp.SEED.maxTriggerRatio(50)).isEqualTo(0.475);
        assertThat(s.triggerRatio()).as("0.3 raised to 0.6; the 0.475 cap is in the else branch").isEqualTo(0.6);
        assertThat(s.gcTrigger()).isEqualTo(160 * MIB);
        assertThat(s.nextGC()).as("1.5 x heap_marked raised to the 1.6 x trigger").isEqualTo(160 * MIB);
    }

    @Test
    void gogc50FixedKeepsTheRatioBetweenTheScaledFloorAndTheCap() {
        GcPacer p = pacer("50", TriggerClamp.FIXED_D1ECFCC1E8);
        pace(p, HEAP_MARKED_100_MIB, 0.3, HeapSnapshot.swept(HEAP_MARKED_100_MIB));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.triggerRatio()).as("floor 0.6 x 0.5 = 0.3").isEqualTo(0.3);
        assertThat(s.gcTrigger()).isEqualTo(130 * MIB);
        assertThat(s.nextGC()).isEqualTo(150 * MIB);

        pace(p, HEAP_MARKED_100_MIB, 0.1, HeapSnapshot.swept(HEAP_MARKED_100_MIB));
        assertThat(PacerFixtures.State.of(p).triggerRatio()).isEqualTo(0.6 * 0.5);
        pace(p, HEAP_MARKED_100_MIB, 0.9, HeapSnapshot.swept(HEAP_MARKED_100_MIB));
        assertThat(PacerFixtures.State.of(p).triggerRatio()).isEqualTo(0.95 * 0.5);
    }

    @ParameterizedTest
    @EnumSource(TriggerClamp.class)
    void gogc200CapsAt1Point9WithAnEightMiBMinimum(TriggerClamp clamp) {
        GcPacer p = pacer("200", clamp);
        pace(p, HEAP_MARKED_100_MIB, 2.5, HeapSnapshot.swept(HEAP_MARKED_100_MIB));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(clamp.maxTriggerRatio(200)).isEqualTo(1.9);
        assertThat(s.heapMinimum()).isEqualTo(8 * MIB);
        assertThat(s.triggerRatio()).isEqualTo(1.9);
        assertThat(s.nextGC()).isEqualTo(300 * MIB);
        assertThat(s.gcTrigger()).isEqualTo(290 * MIB);
        assertThat(s.gcTrigger()).isLessThan(s.nextGC());
    }

    @Test
    void gogc0SeedRaisesLowRatiosTo0Point6ButCapsHighOnesAtZero() {
        GcPacer p = pacer("0", TriggerClamp.SEED);
        pace(p, HEAP_MARKED_100_MIB, 0.3, HeapSnapshot.swept(HEAP_MARKED_100_MIB));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.heapMinimum()).isZero();
        assertThat(s.triggerRatio()).isEqualTo(0.6);
        assertThat(s.nextGC()).as("goal heap_marked, pushed up to the trigger").isEqualTo(160 * MIB);
        assertThat(s.gcTrigger()).isEqualTo(160 * MIB);

        // A ratio at or above 0.6 takes the else branch and is capped at 0.95 x 0 = 0.
        pace(p, HEAP_MARKED_100_MIB, 0.7, HeapSnapshot.swept(HEAP_MARKED_100_MIB));
        s = PacerFixtures.State.of(p);
        assertThat(s.triggerRatio()).isZero();
        assertThat(s.gcTrigger()).isEqualTo(HEAP_MARKED_100_MIB);
        assertThat(s.nextGC()).isEqualTo(HEAP_MARKED_100_MIB);
    }

    @Test
    void gogc0FixedTriggersAtHeapMarked() {
        GcPacer p = pacer("0", TriggerClamp.FIXED_D1ECFCC1E8);
        pace(p, HEAP_MARKED_100_MIB, 0.3, HeapSnapshot.swept(HEAP_MARKED_100_MIB));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.triggerRatio()).isZero();
        assertThat(s.gcTrigger()).isEqualTo(HEAP_MARKED_100_MIB);
        assertThat(s.nextGC()).isEqualTo(HEAP_MARKED_100_MIB);
    }

    @ParameterizedTest
    @EnumSource(TriggerClamp.class)
    void gogcOffMeansNeverAndAWrappedUnusedMinimum(TriggerClamp clamp) {
        GcPacer p = pacer("off", clamp);
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.gcpercent()).isEqualTo(-1);
        assertThat(s.nextGC()).isEqualTo(GcPacer.NEVER);
        assertThat(s.gcTrigger()).isEqualTo(GcPacer.NEVER);
        assertThat(Uint64.toString(s.gcTrigger())).isEqualTo("18446744073709551615");
        // 4 MiB x (2^64 - 1) mod 2^64 / 100
        assertThat(Uint64.toString(s.heapMinimum())).isEqualTo("184467440737053573");
        assertThat(p.heapTriggerReached(Long.MAX_VALUE)).isFalse();
    }

    @Test
    void gcOffRatioClampPerRule() {
        assertThat(TriggerClamp.SEED.clamp(0.1, -1)).isEqualTo(0.6);
        assertThat(TriggerClamp.SEED.clamp(5.0, -1)).as("no cap when off").isEqualTo(5.0);
        assertThat(TriggerClamp.FIXED_D1ECFCC1E8.clamp(-0.5, -1)).isZero();
        assertThat(TriggerClamp.FIXED_D1ECFCC1E8.clamp(0.1, -1)).isEqualTo(0.1);
    }

    @Test
    void setGCPercentReturnsTheOldValueStoresNegativesAsOffAndRecomputes() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        HeapStats heap = HeapSnapshot.swept(0);
        assertThat(p.setGCPercent(50, heap)).isEqualTo(100);
        // setGCPercent re-runs the clamp on the stored ratio: 0.875 is capped at 0.475 and stays capped
        assertThat(PacerFixtures.State.of(p).triggerRatio()).isEqualTo(0.475);
        assertThat(p.setGCPercent(-20, heap)).isEqualTo(50);
        assertThat(p.gcPercent()).isEqualTo(-1);
        assertThat(p.nextGC()).isEqualTo(GcPacer.NEVER);
        assertThat(PacerFixtures.State.of(p).triggerRatio()).as("raised to the seed's floor").isEqualTo(0.6);
        assertThat(p.setGCPercent(200, heap)).isEqualTo(-1);
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.heapMinimum()).isEqualTo(8 * MIB);
        assertThat(s.gcTrigger()).isEqualTo(8 * MIB);
        assertThat(s.triggerRatio()).isEqualTo(0.6);
    }

    @Test
    void unfinishedSweepRaisesTheTriggerToHeapLivePlusOneMiB() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        // trigger would be 170 MiB but heap_live is already 190 MiB
        pace(p, HEAP_MARKED_100_MIB, 0.7, new HeapSnapshot(190 * MIB, 0, 1000, false, 0));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.gcTrigger()).isEqualTo(191 * MIB);
        assertThat(s.nextGC()).isEqualTo(200 * MIB);
        // heap distance 191 - 190 - 1 MiB = 0, floored at one page
        assertThat(s.sweepPagesPerByte()).isEqualTo(1000 / 8192.0);

        // The same figures with sweeping done: no sweep minimum, no sweep pacing.
        pace(p, HEAP_MARKED_100_MIB, 0.7, new HeapSnapshot(190 * MIB, 0, 1000, true, 0));
        s = PacerFixtures.State.of(p);
        assertThat(s.gcTrigger()).isEqualTo(170 * MIB);
        assertThat(s.sweepPagesPerByte()).isZero();
    }

    @Test
    void noPagesLeftToSweepZeroesTheSlopeAndLeavesTheBasisAlone() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        pace(p, HEAP_MARKED_100_MIB, 0.7, new HeapSnapshot(100 * MIB, 0, 12_800, false, 0));
        p.sweepPacing().addPagesSwept(12_800);
        pace(p, HEAP_MARKED_100_MIB, 0.7, new HeapSnapshot(120 * MIB, 0, 12_800, false, 0));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.sweepPagesPerByte()).isZero();
        assertThat(s.sweepHeapLiveBasis()).isEqualTo(100 * MIB);
        assertThat(s.pagesSweptBasis()).isZero();
    }

    @Test
    void repacingMidSweepStartsTheLineAtTheCurrentPoint() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        pace(p, HEAP_MARKED_100_MIB, 0.7, new HeapSnapshot(100 * MIB, 0, 12_800, false, 0));
        p.sweepPacing().addPagesSwept(6_400);
        pace(p, HEAP_MARKED_100_MIB, 0.7, new HeapSnapshot(130 * MIB, 0, 12_800, false, 0));
        PacerFixtures.State s = PacerFixtures.State.of(p);
        assertThat(s.pagesSweptBasis()).isEqualTo(6_400);
        assertThat(s.sweepHeapLiveBasis()).isEqualTo(130 * MIB);
        assertThat(s.sweepPagesPerByte()).isEqualTo(6_400 / (double) (170 * MIB - 130 * MIB - MIB));
    }

    @Test
    void aTriggerBeyondInt64IsGosUnderflowThrowAndChangesNothing() {
        GcPacer p = pacer("200", TriggerClamp.SEED);
        locked(p, () -> p.setHeapMarked(1L << 62));
        PacerFixtures.State before = PacerFixtures.State.of(p);
        // 2^62 x 2.9 fits a uint64 but not an int64
        locked(p, () -> assertThatThrownBy(() -> p.gcSetTriggerRatio(1.9, HeapSnapshot.swept(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gc_trigger underflow"));
        assertThat(PacerFixtures.State.of(p)).isEqualTo(before);
    }

    @Test
    void duringMarkATriggerChangeRevisesTheAssistRatio() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        HeapSnapshot heap = new HeapSnapshot(160 * MIB, 100 * MIB, 0, true, 0);
        pace(p, HEAP_MARKED_100_MIB, 0.7, heap);
        assertThat(p.controller().assistWorkPerByte()).as("phase off: no revise").isZero();
        p.setGcPhase(GcPhase.MARK);
        pace(p, HEAP_MARKED_100_MIB, 0.7, heap);
        // soft regime: 50 MiB of scan work over the 40 MiB left to the 200 MiB goal
        assertThat(p.controller().assistWorkPerByte()).isEqualTo(1.25);
        assertThat(p.controller().assistBytesPerWork()).isEqualTo(0.8);
        assertThat(p.heapTriggerReached(Long.MAX_VALUE)).as("no new trigger while marking").isFalse();
    }

    @Test
    void heapTriggerIsInclusive() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        assertThat(p.heapTriggerReached(4_194_303L)).isFalse();
        assertThat(p.heapTriggerReached(4_194_304L)).isTrue();
    }

    @Test
    void effectiveGrowthRatioReflectsTheHeapMinimum() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        locked(p, () -> {
            assertThat(p.gcEffectiveGrowthRatio()).isEqualTo((4_473_924.0 - 2_236_962.0) / 2_236_962.0);
            p.setHeapMarked(MIB);
            p.gcSetTriggerRatio(0.7, HeapSnapshot.swept(MIB));
            assertThat(p.gcEffectiveGrowthRatio()).as("goal raised to the 4 MiB minimum").isEqualTo(3.0);
        });
    }
}

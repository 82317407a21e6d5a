package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.assertConsistent;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.pacer.SweepDebt;
import dev.mheap4j.pacer.SweepPacing;
import dev.mheap4j.sweep.SweepSource;
import dev.mheap4j.sweep.Sweeper;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The invariants of spec 5.1 that concern sweeping. Invariants 1 and 2 (in-use bits and pagesInUse) are checked
 * by {@link HeapInvariants} after sweeping here; 4 is in {@link GcCycleTest}.
 */
class SweepInvariantsTest {

    /** A heap whose last cycle left half of 200 large spans unmarked, none swept yet. */
    private static MHeap halfGarbage(SyncMode mode, List<MSpan> live, List<MSpan> dead) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        try (Mutator m = heap.newMutator()) {
            for (int i = 0; i < 200; i++) {
                MSpan s = m.largeAlloc((1 + i % 5) * HeapTesting.PAGE, true);
                (i % 2 == 0 ? live : dead).add(s);
            }
        }
        heap.collector().collect(mark -> live.forEach(s -> mark.accept(s.base())), true);
        return heap;
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void invariants1And2HoldAfterEachKindOfSweeping(SyncMode mode) {
        List<MSpan> live = new ArrayList<>();
        List<MSpan> dead = new ArrayList<>();
        MHeap heap = halfGarbage(mode, live, dead);
        heap.sweeper().reclaimer().reclaim(20);
        assertConsistent(heap);
        heap.sweeper().sweepone(SweepSource.BACKGROUND);
        assertConsistent(heap);
        heap.sweeper().sweepAll(SweepSource.BACKGROUND);
        assertConsistent(heap);
        assertThat(heap.pagesInUse()).isEqualTo(live.stream().mapToLong(MSpan::npages).sum());
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void invariant3ReclaimFreesOnlyUnmarkedUnsweptSpans(SyncMode mode) {
        List<MSpan> live = new ArrayList<>();
        List<MSpan> dead = new ArrayList<>();
        MHeap heap = halfGarbage(mode, live, dead);
        int sg = heap.sweepgen();
        // One unmarked span is swept (and freed) by sweepone first; the reclaimer must not touch it again.
        heap.sweeper().sweepone(SweepSource.BACKGROUND);

        long left = heap.sweeper().reclaimer().reclaim(Long.MAX_VALUE / 2);

        assertThat(left).as("asked for more than exists").isPositive();
        assertThat(heap.sweeper().reclaimer().isDone()).isTrue();
        for (MSpan s : live) {
            assertThat(s.state()).as("marked spans are never freed by the reclaimer").isEqualTo(MSpanState.IN_USE);
            assertThat(s.sweepgen()).as("and not even swept: their pageMarks bit is set").isEqualTo(sg - 2);
        }
        for (MSpan s : dead) {
            assertThat(s.state()).as("every unmarked span is freed").isEqualTo(MSpanState.DEAD);
        }
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void invariant5PagesFreedEqualPagesConsumedPlusCredit(SyncMode mode) {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom rnd = new SplittableRandom(seed);
        List<MSpan> live = new ArrayList<>();
        List<MSpan> dead = new ArrayList<>();
        MHeap heap = halfGarbage(mode, live, dead);
        Sweeper<MSpan> sweeper = heap.sweeper();
        long freedBySweepone = 0;
        long consumedByReclaim = 0;
        for (int i = 0; i < 200; i++) {
            if (rnd.nextBoolean()) {
                long n = sweeper.sweepone(SweepSource.BACKGROUND);
                if (n != Sweeper.NOTHING_LEFT) {
                    freedBySweepone += n;
                }
            } else {
                long ask = 1 + rnd.nextInt(12);
                consumedByReclaim += ask - sweeper.reclaimer().reclaim(ask);
            }
        }
        long freedByReclaimChunk = sweeper.reclaimer().pagesFreed();
        assertThat(freedByReclaimChunk + freedBySweepone)
                .as("seed %d", seed)
                .isEqualTo(consumedByReclaim + sweeper.reclaimer().reclaimCredit());
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void invariant6DeductSweepCreditLeavesPagesSweptOnTheLine(SyncMode mode) {
        List<MSpan> live = new ArrayList<>();
        List<MSpan> dead = new ArrayList<>();
        MHeap heap = halfGarbage(mode, live, dead);
        SweepPacing pacing = heap.pacer().sweepPacing();
        assertThat(pacing.sweepPagesPerByte()).as("sweeping is pending, so the slope is set").isPositive();
        long spanBytes = 4L << 20; // a big allocation owes many pages
        SweepDebt debt = pacing.debt(heap.stats()::heapLive, spanBytes, 0);
        assertThat(debt.pagesTarget()).isPositive();

        heap.sweeper().deductSweepCredit(spanBytes, 0);

        assertThat(heap.sweeper().isSweepDone()
                || pacing.pagesSwept() - debt.sweptBasis() >= debt.pagesTarget()).isTrue();
        assertThat(heap.sweeper().pagesSwept(SweepSource.PROPORTIONAL)).isPositive();
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void sweptPlusUnsweptPagesCoverThePagesInUseAtSweepStart(SyncMode mode) {
        List<MSpan> live = new ArrayList<>();
        List<MSpan> dead = new ArrayList<>();
        MHeap heap = halfGarbage(mode, live, dead);
        assertThat(HeapInvariants.checkSweepAccounting(heap)).isEmpty();
        for (int i = 0; i < 50; i++) {
            heap.sweeper().sweepone(SweepSource.BACKGROUND);
        }
        heap.sweeper().reclaimer().reclaim(30);
        assertThat(HeapInvariants.checkSweepAccounting(heap)).isEmpty();
        heap.sweeper().sweepAll(SweepSource.BACKGROUND);
        assertThat(HeapInvariants.checkSweepAccounting(heap)).isEmpty();
        assertThat(heap.pagesSwept()).isEqualTo(heap.pagesInUseAtSweepStart());
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void endCycleMeasuresGrowthAgainstThePreviousHeapMarked(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        List<MSpan> big = new ArrayList<>();
        try (Mutator m = heap.newMutator()) {
            for (int i = 0; i < 64; i++) {
                big.add(m.largeAlloc(256 << 10, true)); // 16 MiB
            }
            CycleStats first = heap.collector().collect(mark -> big.forEach(s -> mark.accept(s.base())), false);
            assertThat(first.heapMarked()).isEqualTo(16L << 20);
            for (int i = 0; i < 48; i++) {
                m.largeAlloc(256 << 10, true); // grow toward the goal with garbage
            }
            MSpan keep = big.get(0);
            CycleStats second = heap.collector().collect(mark -> mark.accept(keep.base()), false);

            assertThat(second.heapMarkedPrev()).isEqualTo(first.heapMarked());
            double ht = first.triggerRatio();
            double expected = endCycle(ht, second.heapGoal(), second.heapLiveAtMarkEnd(), first.heapMarked());
            assertThat(second.endCycleRatio()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
            double withNewMarked = endCycle(ht, second.heapGoal(), second.heapLiveAtMarkEnd(), second.heapMarked());
            assertThat(second.endCycleRatio()).as("not the new heap_marked").isNotCloseTo(withNewMarked,
                    org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    /** Go's endCycle with no assists (u_a = 0.25) and h_g floored at 0. */
    private static double endCycle(double ht, long goal, long heapLive, long heapMarked) {
        double hg = Math.max(0, (double) (goal - heapMarked) / heapMarked);
        double ha = (double) heapLive / heapMarked - 1;
        double ua = 0.25;
        double triggerError = hg - ht - ua / 0.30 * (ha - ht);
        return ht + 0.5 * triggerError;
    }
}

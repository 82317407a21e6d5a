package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.PAGE;
import static dev.mheap4j.heap.HeapTesting.assertConsistent;
import static dev.mheap4j.heap.HeapTesting.inUseBit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.sweep.SweepSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole cycles: what is freed, what is kept, and the state gcSweep leaves behind (spec 5.1 invariant 4). */
class GcCycleTest {

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void gcSweepResetsTheCycleState(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        try (Mutator m = heap.newMutator()) {
            for (int i = 0; i < 100; i++) {
                m.largeAlloc(40_000, true);
            }
            heap.collector().collect(Roots.NONE, true);
            heap.sweeper().sweepone(SweepSource.BACKGROUND);
            assertThat(heap.pagesSwept()).isPositive();
            int sg = heap.sweepgen();

            heap.collector().collect(Roots.NONE, true);

            assertThat(heap.sweepgen()).isEqualTo(sg + 2);
            assertThat(heap.pagesSwept()).isZero();
            assertThat(heap.sweeper().reclaimer().reclaimIndex()).isZero();
            assertThat(heap.sweeper().reclaimer().reclaimCredit()).isZero();
            assertThat(heap.sweeper().reclaimer().sweepArenas()).containsExactly(heap.allArenas());
            assertThat(heap.sweeper().isSweepDone()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void unreachableObjectsAreFreedAndReachableOnesKept(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        List<Long> live = new ArrayList<>();
        List<Long> dead = new ArrayList<>();
        List<MSpan> liveLarge = new ArrayList<>();
        List<MSpan> deadLarge = new ArrayList<>();
        try (Mutator m = heap.newMutator()) {
            for (int i = 0; i < 2000; i++) {
                long p = m.mallocSmall(16 + (i % 7) * 100, i % 3 == 0);
                (i % 4 == 0 ? live : dead).add(p);
            }
            for (int i = 0; i < 20; i++) {
                MSpan s = m.largeAlloc(50_000 + i, false);
                (i % 2 == 0 ? liveLarge : deadLarge).add(s);
            }
        }
        long pagesBefore = heap.pagesInUse();
        CycleStats cs = heap.collector().collect(mark -> {
            live.forEach(mark::accept);
            liveLarge.forEach(s -> mark.accept(s.base()));
        }, true);
        heap.sweeper().sweepAll(SweepSource.BACKGROUND);

        assertThat(cs.objectsMarked()).isEqualTo(live.size() + liveLarge.size());
        for (long p : live) {
            MSpan s = heap.spanOfHeap(p);
            assertThat(s).isNotNull();
            assertThat(s.isFree(s.objIndex(p))).as("live object 0x%x", p).isFalse();
        }
        for (long p : dead) {
            MSpan s = heap.spanOfHeap(p);
            assertThat(s == null || s.isFree(s.objIndex(p))).as("dead object 0x%x", p).isTrue();
        }
        for (MSpan s : liveLarge) {
            assertThat(s.state()).isEqualTo(MSpanState.IN_USE);
            assertThat(inUseBit(heap, s.base())).isTrue();
        }
        for (MSpan s : deadLarge) {
            assertThat(s.state()).isEqualTo(MSpanState.DEAD);
        }
        assertThat(heap.pagesInUse()).isLessThan(pagesBefore);
        assertThat(heap.stats().heapLive()).as("heap_live = bytes marked").isEqualTo(cs.heapMarked());
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void freedPagesAreReusedByLaterAllocations(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        try (Mutator m = heap.newMutator()) {
            for (int i = 0; i < 50; i++) {
                m.largeAlloc(8 * PAGE, true);
            }
            long sys = heap.stats().heapSys();
            heap.collector().collect(Roots.NONE, true);
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 50; i++) {
                    m.largeAlloc(8 * PAGE, true);
                }
                heap.collector().collect(Roots.NONE, true);
            }
            assertThat(heap.stats().heapSys()).as("garbage pages were reused, the heap did not grow").isEqualTo(sys);
        }
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void spansFreedOutsideSweepingAreSkippedByTheNextSweep(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        List<MSpan> kept = new ArrayList<>();
        List<MSpan> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            all.add(heap.alloc(1 + i % 3, HeapTesting.LARGE, false));
        }
        for (int i = 0; i < all.size(); i++) {
            if (i % 2 == 0) {
                heap.free(all.get(i)); // still on this cycle's swept stack
            } else {
                kept.add(all.get(i));
            }
        }
        heap.allocManual(1); // recycles one of the freed span objects as a manual span
        heap.collector().collect(Roots.NONE, true);
        heap.sweeper().sweepAll(SweepSource.BACKGROUND); // Go's check would throw on a stale dead span here

        assertThat(kept).allSatisfy(s -> assertThat(s.state()).isEqualTo(MSpanState.DEAD));
        assertThat(heap.pagesInUse()).isZero();
        assertConsistent(heap);
        heap.collector().collect(Roots.NONE, true);
        heap.sweeper().sweepAll(SweepSource.BACKGROUND);
        assertConsistent(heap);
    }
}

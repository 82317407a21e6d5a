package dev.mheap4j.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mheap4j.sweep.SweepSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every sweepgen transition of the protocol, observed on a real heap (spec 2.5). */
class SweepGenTransitionsTest {

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void newSpanIsSweptCachedSpanIsPlusThreeReleasedSpanIsSwept(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        MCache c = heap.newMCache();
        int sg = heap.sweepgen();
        MSpan large = heap.alloc(1, HeapTesting.LARGE, false);
        assertThat(large.sweepgen()).as("alloc: swept, never reclaimed in its own cycle").isEqualTo(sg);

        long p = c.mallocSmall(4096, true); // class 43: 2 objects per page
        MSpan s = heap.spanOfHeap(p);
        assertThat(s.sweepgen()).as("refill caches: sg+3").isEqualTo(sg + 3);
        c.mallocSmall(4096, true);
        c.mallocSmall(4096, true); // full: refill releases s
        assertThat(s.sweepgen()).as("released by refill: sg").isEqualTo(sg);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void gcSweepTurnsSweptIntoNeedsSweepingAndCachedIntoStale(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        MCache c = heap.newMCache();
        MSpan kept = heap.alloc(1, HeapTesting.LARGE, false);
        kept.allocCount = 1; // as if holding a large object
        MSpan cached = heap.spanOfHeap(c.mallocSmall(64, true));

        // Stop short of the cache flush the collector does, to see the raw +2 effect.
        heap.world().stop();
        try {
            heap.gcSweep(false);
        } finally {
            heap.world().start();
        }
        int sg = heap.sweepgen();
        assertThat(kept.sweepgen()).as("swept last cycle: needs sweeping").isEqualTo(sg - 2);
        assertThat(cached.sweepgen()).as("cached last cycle: stale cached (sg+1)").isEqualTo(sg + 1);

        // The owner's flush uncaches the stale span, which makes it "being swept" and sweeps it at once.
        c.prepareForSweep();
        assertThat(cached.sweepgen()).as("swept by the flush").isEqualTo(sg);
        assertThat(heap.sweeper().pagesSwept(SweepSource.CENTRAL)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void claimThenFinish(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        try (Mutator m = heap.newMutator()) {
            MSpan s = m.largeAlloc(100_000, true);
            heap.collector().collect(mark -> mark.accept(s.base()), true);
            int sg = heap.sweepgen();
            assertThat(s.sweepgen()).isEqualTo(sg - 2);
            assertThat(heap.sweeper().sweepone(SweepSource.BACKGROUND)).as("kept: 0 pages freed").isZero();
            assertThat(s.sweepgen()).as("finished").isEqualTo(sg);
            assertThat(s.casSweepgen(sg - 2, sg - 1)).as("a second claim fails").isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void sweepingASpanInTheWrongStateThrowsAndChangesNothing(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        MSpan s = heap.alloc(2, HeapTesting.LARGE, false);
        s.allocCount = 1;
        long swept = heap.pagesSwept();
        int gen = s.sweepgen();
        assertThatThrownBy(() -> SpanSweep.sweep(heap, s, false))
                .as("swept already (sg), not claimed (sg-1)")
                .isInstanceOf(GoThrow.class)
                .hasMessageStartingWith("mspan.sweep: bad span state");
        assertThat(s.sweepgen()).isEqualTo(gen);
        assertThat(s.allocCount()).isEqualTo(1);
        assertThat(heap.pagesSwept()).isEqualTo(swept);

        MSpan manual = heap.allocManual(1);
        manual.storeSweepgen(heap.sweepgen() - 1);
        assertThatThrownBy(() -> SpanSweep.sweep(heap, manual, false))
                .as("not in use")
                .isInstanceOf(GoThrow.class)
                .hasMessageContaining("state=MANUAL");
        assertThat(manual.state()).isEqualTo(MSpanState.MANUAL);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void moreMarksThanAllocationsIsRefusedBeforeAnyChange(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        MSpan s = heap.alloc(1, SpanClass.make(1, true), false);
        s.allocCount = 1;
        s.setMarked(0);
        s.setMarked(1);
        s.storeSweepgen(heap.sweepgen() - 1);
        assertThatThrownBy(() -> SpanSweep.sweep(heap, s, false))
                .isInstanceOf(GoThrow.class)
                .hasMessageStartingWith("sweep increased allocation count");
        assertThat(s.allocCount()).isEqualTo(1);
        assertThat(s.isMarked(1)).isTrue();
        assertThat(heap.pagesSwept()).isZero();
    }
}

package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.LARGE;
import static dev.mheap4j.heap.HeapTesting.PAGE;
import static dev.mheap4j.heap.HeapTesting.assertConsistent;
import static dev.mheap4j.heap.HeapTesting.inUseBit;
import static dev.mheap4j.heap.HeapTesting.newHeap;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each span lifecycle transition and each accounting field, in every synchronization mode. */
class MHeapLifecycleTest {

    private static final long ARENA = 64L << 20;

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void firstAllocationMapsOneArenaAndCountsItReleasedAndIdle(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan s = heap.alloc(1, LARGE, false);

        assertThat(s.base()).as("Go's first arena hint").isEqualTo(HeapConfig.DEFAULT_ARENA_HINT);
        assertThat(heap.allArenas()).containsExactly(heap.layout().arenaIndex(HeapConfig.DEFAULT_ARENA_HINT));
        MemStats st = heap.stats();
        assertThat(st.heapSys()).isEqualTo(ARENA);
        assertThat(st.heapInuse()).isEqualTo(PAGE);
        assertThat(st.heapIdle()).isEqualTo(ARENA - PAGE);
        // The whole mapping starts released; the page allocator grew by one chunk, all scavenged, and the span's
        // page was scavenged, so it came back from the OS.
        assertThat(st.heapReleased()).isEqualTo(ARENA - PAGE);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void allocatedHeapSpanIsInUseSweptAndPublished(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan s = heap.alloc(3, LARGE, true);

        assertThat(s.state()).isEqualTo(MSpanState.IN_USE);
        assertThat(s.npages()).isEqualTo(3);
        assertThat(s.sweepgen()).isEqualTo(heap.sweepgen());
        assertThat(s.nelems()).isEqualTo(1);
        assertThat(s.elemsize()).isEqualTo(3 * PAGE);
        assertThat(s.needzero()).as("alloc zeroes (in Go) and clears needzero").isFalse();
        assertThat(inUseBit(heap, s.base())).isTrue();
        assertThat(inUseBit(heap, s.base() + PAGE)).as("only the first page's bit").isFalse();
        assertThat(heap.pagesInUse()).isEqualTo(3);
        for (int p = 0; p < 3; p++) {
            assertThat(heap.spanOf(s.base() + p * PAGE)).isSameAs(s);
        }
        assertThat(heap.sweptSpans().size()).as("pushed on the swept stack").isEqualTo(1);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void smallClassSpanGetsItsClassLayout(SyncMode mode) {
        MHeap heap = newHeap(mode);
        int spc = SpanClass.make(34, false); // 1408-byte objects, 2 pages, 11 objects
        MSpan s = heap.alloc(2, spc, true);
        assertThat(s.spanclass()).isEqualTo(spc);
        assertThat(s.elemsize()).isEqualTo(1408);
        assertThat(s.nelems()).isEqualTo(11);
        assertThat(s.freeindex()).isZero();
        assertThat(heap.stats().heapLive()).as("small spans are charged when cached, not here").isZero();
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void largeSpanAccounting(SyncMode mode) {
        MHeap heap = newHeap(mode);
        heap.alloc(5, LARGE, false);
        heap.alloc(2, SpanClass.make(0, false), false);
        assertThat(heap.largeAllocStats()).containsExactly(7 * PAGE, 2);
        assertThat(heap.stats().heapLive()).isEqualTo(7 * PAGE);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void freeReversesEveryField(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan keep = heap.alloc(1, LARGE, false);
        MemStats st = heap.stats();
        long inuse = st.heapInuse();
        long idle = st.heapIdle();
        long sys = st.heapSys();

        MSpan s = heap.alloc(4, LARGE, false);
        long base = s.base();
        heap.freeSpan(s);

        assertThat(s.state()).isEqualTo(MSpanState.DEAD);
        assertThat(inUseBit(heap, base)).isFalse();
        assertThat(inUseBit(heap, keep.base())).isTrue();
        assertThat(heap.pagesInUse()).isEqualTo(1);
        assertThat(st.heapInuse()).isEqualTo(inuse);
        assertThat(st.heapIdle()).isEqualTo(idle);
        assertThat(st.heapSys()).isEqualTo(sys);
        assertThat(heap.spanOf(base)).as("spans entries are left stale, as in Go").isSameAs(s);
        assertThat(heap.spanOfHeap(base)).as("but the span is not a heap span any more").isNull();
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void freedPagesAreReusedFirstFitAndNeedZeroing(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan a = heap.allocManual(2);
        assertThat(a.needzero()).as("fresh memory").isFalse();
        long base = a.base();
        heap.freeManual(a);
        MSpan b = heap.allocManual(2);
        assertThat(b.base()).as("address-ordered first fit").isEqualTo(base);
        assertThat(b.needzero()).as("handed out before, so dirty").isTrue();
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void manualSpansAreNotHeapSpans(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan s = heap.allocManual(4);
        MemStats st = heap.stats();
        assertThat(s.state()).isEqualTo(MSpanState.MANUAL);
        assertThat(inUseBit(heap, s.base())).isFalse();
        assertThat(heap.pagesInUse()).isZero();
        assertThat(st.stacksInuse()).isEqualTo(4 * PAGE);
        assertThat(st.heapSys()).as("manual bytes leave heap_sys").isEqualTo(ARENA - 4 * PAGE);
        assertThat(st.heapInuse()).isZero();
        assertThat(heap.sweptSpans().size()).isZero();
        assertConsistent(heap);

        heap.freeManual(s);
        assertThat(s.state()).isEqualTo(MSpanState.DEAD);
        assertThat(st.stacksInuse()).isZero();
        assertThat(st.heapSys()).isEqualTo(ARENA);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void recycledSpanObjectKeepsItsSweepgen(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan s = heap.allocManual(1);
        heap.freeManual(s);
        s.storeSweepgen(42); // what a stale sweeper might have seen last
        MSpan t = heap.allocManual(1);
        assertThat(t).as("the span object is recycled").isSameAs(s);
        assertThat(t.sweepgen()).as("init leaves sweepgen alone").isEqualTo(42);
        int spanObjects = heap.withLock(v -> v.allspans().size());
        assertThat(spanObjects).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void spanCrossingAnArenaBoundaryIsRecordedInBoth(SyncMode mode) {
        MHeap heap = newHeap(mode);
        long pagesPerArena = heap.layout().pagesPerArena();
        heap.alloc(pagesPerArena - 1, LARGE, false);
        MSpan s = heap.alloc(4, LARGE, false); // starts on the last page of arena 0
        assertThat(heap.allArenas()).hasSize(2);
        assertThat(heap.layout().arenaIndex(s.base())).isNotEqualTo(heap.layout().arenaIndex(s.end() - 1));
        for (long p = s.base(); p < s.end(); p += PAGE) {
            assertThat(heap.spanOf(p)).isSameAs(s);
        }
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void spanOfHeapChecksStateAndLimit(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MCache c = heap.newMCache();
        long p = c.mallocSmall(16, true);
        MSpan s = heap.spanOfHeap(p);
        assertThat(s).isNotNull();
        assertThat(heap.spanOfHeap(p + 15)).isSameAs(s);
        assertThat(heap.spanOfHeap(s.limit())).as("past the last object").isNull();
        assertThat(heap.spanOfHeap(0x1000)).as("outside the heap").isNull();
        assertThat(heap.spanOfHeap(heap.allocManual(1).base())).as("manual spans are not heap spans").isNull();
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void pageIndexOfMatchesTheLayout(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan s = heap.alloc(1, LARGE, false);
        HeapArena ha = heap.arenaOf(s.base() + 100);
        assertThat(ha.arenaIndex()).isEqualTo(heap.layout().arenaIndex(s.base()));
        assertThat(ha.spanAt(heap.layout().pageInArena(s.base()))).isSameAs(s);
    }
}

package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.LARGE;
import static dev.mheap4j.heap.HeapTesting.PAGE;
import static dev.mheap4j.heap.HeapTesting.assertConsistent;
import static dev.mheap4j.heap.HeapTesting.newHeap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Refused requests throw a documented exception with Go's wording and leave the heap consistent and unchanged. */
class MHeapBadInputTest {

    /** Everything a refused request must not change. */
    private record Observed(long pagesInUse, long inuse, long idle, long sys, long released, long live, long stacks) {
        static Observed of(MHeap h) {
            MemStats s = h.stats();
            return new Observed(h.pagesInUse(), s.heapInuse(), s.heapIdle(), s.heapSys(), s.heapReleased(),
                    s.heapLive(), s.stacksInuse());
        }
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void doubleFreeIsAnInvalidSpanState(SyncMode mode) {
        MHeap heap = newHeap(mode);
        heap.alloc(1, LARGE, false);
        MSpan s = heap.alloc(2, LARGE, false);
        heap.freeSpan(s);
        Observed before = Observed.of(heap);
        assertThatThrownBy(() -> heap.freeSpan(s))
                .isInstanceOf(GoThrow.class)
                .hasMessageStartingWith("mheap.freeSpanLocked - invalid span state");
        assertThat(Observed.of(heap)).isEqualTo(before);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void freeOfASpanWithLiveObjectsIsAnInvalidFree(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan s = heap.newMCache().largeAlloc(3 * PAGE, true); // allocCount 1
        Observed before = Observed.of(heap);
        assertThatThrownBy(() -> heap.freeSpan(s))
                .isInstanceOf(GoThrow.class)
                .hasMessageStartingWith("mheap.freeSpanLocked - invalid free")
                .hasMessageContaining("allocCount 1");
        assertThat(s.state()).isEqualTo(MSpanState.IN_USE);
        assertThat(Observed.of(heap)).isEqualTo(before);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void freeOfAnUnsweptSpanIsAnInvalidFree(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan s = heap.alloc(1, LARGE, false);
        s.storeSweepgen(heap.sweepgen() - 2); // as if a GC had begun and the span were still to sweep
        Observed before = Observed.of(heap);
        assertThatThrownBy(() -> heap.freeSpan(s))
                .isInstanceOf(GoThrow.class)
                .hasMessageStartingWith("mheap.freeSpanLocked - invalid free")
                .hasMessageContaining("sweepgen -2/0");
        assertThat(Observed.of(heap)).isEqualTo(before);
        s.storeSweepgen(heap.sweepgen());
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void freeingAHeapSpanAsManualAndBackIsRefused(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MSpan heapSpan = heap.alloc(1, LARGE, false);
        MSpan manual = heap.allocManual(1);
        Observed before = Observed.of(heap);
        assertThatThrownBy(() -> heap.freeManual(heapSpan)).isInstanceOf(GoThrow.class)
                .hasMessageContaining("invalid span state");
        assertThatThrownBy(() -> heap.freeSpan(manual)).isInstanceOf(GoThrow.class)
                .hasMessageContaining("invalid span state");
        assertThat(Observed.of(heap)).isEqualTo(before);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void zeroOrNegativePagesAreRefused(SyncMode mode) {
        MHeap heap = newHeap(mode);
        Observed before = Observed.of(heap);
        assertThatThrownBy(() -> heap.alloc(0, LARGE, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
        assertThatThrownBy(() -> heap.alloc(-3, LARGE, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -3");
        assertThatThrownBy(() -> heap.allocManual(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -1");
        assertThatThrownBy(() -> heap.alloc(1, 134, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("134");
        assertThatThrownBy(() -> heap.alloc(3, SpanClass.make(1, true), false))
                .as("a size class has a fixed span size").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> heap.newMCache().largeAlloc(-8, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-8");
        assertThatThrownBy(() -> heap.newMCache().mallocSmall(40000, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("40000");
        assertThat(Observed.of(heap)).isEqualTo(before);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void allocatingPastTheLimitIsOutOfMemory(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode).withMaxHeapBytes(128L << 20));
        heap.alloc(4096, LARGE, false); // 32 MiB
        Observed before = Observed.of(heap);
        long[] arenasBefore = heap.allArenas();
        assertThatThrownBy(() -> heap.alloc(16384 + 1, LARGE, false)) // 128 MiB + a page
                .isInstanceOf(HeapExhaustedException.class)
                .hasMessageStartingWith("out of memory: cannot allocate 134225920-byte block (67108864 in use)");
        assertThat(Observed.of(heap)).isEqualTo(before);
        assertThat(heap.allArenas()).isEqualTo(arenasBefore);
        assertConsistent(heap);
        heap.alloc(4096, LARGE, false); // what fits still works
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void addressesOutsideTheHeapAreRefusedByName(SyncMode mode) {
        MHeap heap = newHeap(mode);
        heap.alloc(1, LARGE, false);
        assertThatThrownBy(() -> heap.spanOf(0x1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x1000").hasMessageContaining("not in the heap");
        assertThatThrownBy(() -> heap.spanOf(-1L)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0xffffffffffffffff");
        assertThatThrownBy(() -> heap.arenaOf(1L << 50)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the address space");
    }
}

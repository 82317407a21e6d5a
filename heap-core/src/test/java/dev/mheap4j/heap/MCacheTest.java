package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.PAGE;
import static dev.mheap4j.heap.HeapTesting.assertConsistent;
import static dev.mheap4j.heap.HeapTesting.newHeap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The allocation front end: mcache refills from mcentral, the +3 sweepgen state, heap_live accounting. */
class MCacheTest {

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void smallObjectsAreCarvedInOrderFromOneSpan(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MCache c = heap.newMCache();
        long first = c.mallocSmall(48, true);
        MSpan s = heap.spanOfHeap(first);
        assertThat(first).isEqualTo(s.base());
        for (int i = 1; i < 170; i++) {
            assertThat(c.mallocSmall(33 + i % 16, true)).as("object %d", i).isEqualTo(s.base() + 48L * i);
        }
        assertThat(s.allocCount()).isEqualTo(170);
        assertThat(s.nelems()).isEqualTo(170);
        long next = c.mallocSmall(48, true);
        assertThat(heap.spanOfHeap(next)).as("a full span makes the cache refill").isNotSameAs(s);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void cachedSpansAreMarkedSweptThenCached(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MCache c = heap.newMCache();
        int spc = SpanClass.make(SizeClasses.sizeToClass(8192), false);
        MSpan first = heap.spanOfHeap(c.mallocSmall(8192, false));
        assertThat(c.cached(spc)).isSameAs(first);
        assertThat(first.sweepgen()).as("sg+3").isEqualTo(heap.sweepgen() + 3);
        c.mallocSmall(8192, false); // class 50 has one object per span: this refills
        assertThat(first.sweepgen()).as("released by refill: swept, not cached").isEqualTo(heap.sweepgen());
        assertThat(c.cached(spc).sweepgen()).isEqualTo(heap.sweepgen() + 3);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void heapLiveIsChargedForWholeCachedSpansAndRefundedOnRelease(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MCache c = heap.newMCache();
        c.mallocSmall(1024, true); // class 31: 8 objects of 1024 in one page
        assertThat(heap.stats().heapLive()).as("the whole span, as if the cache will fill it").isEqualTo(PAGE);
        c.mallocSmall(1024, true);
        c.releaseAll();
        assertThat(heap.stats().heapLive()).as("6 unused slots refunded").isEqualTo(2 * 1024);
        assertThat(heap.central(SpanClass.make(31, true)).nonempty.size()).isEqualTo(1);
        assertConsistent(heap);

        // A fresh cache picks the partly used span back up from nonempty.
        MCache d = heap.newMCache();
        long p = d.mallocSmall(1000, true);
        MSpan s = heap.spanOfHeap(p);
        assertThat(s.allocCount()).isEqualTo(3);
        assertThat(heap.stats().heapLive()).isEqualTo(PAGE);
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void largeObjectsGetTheirOwnSpan(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MCache c = heap.newMCache();
        MSpan s = c.largeAlloc(40000, false);
        assertThat(s.npages()).isEqualTo(5);
        assertThat(s.allocCount()).isEqualTo(1);
        assertThat(s.limit()).isEqualTo(s.base() + 40000);
        assertThat(heap.stats().heapLive()).isEqualTo(5 * PAGE);
        assertThat(heap.spanOfHeap(s.base() + 39999)).isSameAs(s);
        assertThat(heap.spanOfHeap(s.base() + 40000)).isNull();
        assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void scanBytesAreFlushedIntoHeapScanUnderTheLock(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MCache c = heap.newMCache();
        c.mallocSmall(100, false);
        assertThat(heap.stats().heapScan()).as("still local").isZero();
        c.largeAlloc(50000, true); // takes the heap lock, flushing local_scan
        assertThat(heap.stats().heapScan()).isEqualTo(100);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void prepareForSweepRefusesACacheThatSkippedACycle(SyncMode mode) {
        MHeap heap = newHeap(mode);
        MCache c = heap.newMCache();
        assertThat(c.flushGen()).isEqualTo(heap.sweepgen());
        c.prepareForSweep(); // nothing to do in the same cycle
        assertThat(c.flushGen()).isEqualTo(heap.sweepgen());
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void uncachingASpanNothingWasAllocatedFromIsRefused(SyncMode mode) {
        MHeap heap = newHeap(mode);
        int spc = SpanClass.make(3, true);
        MSpan s = heap.alloc(1, spc, true);
        assertThatThrownBy(() -> heap.central(spc).uncacheSpan(s)).isInstanceOf(GoThrow.class)
                .hasMessageStartingWith("uncaching span but s.allocCount == 0");
    }
}

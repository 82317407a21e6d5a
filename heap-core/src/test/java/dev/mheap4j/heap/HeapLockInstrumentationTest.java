package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.LARGE;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HeapLockInstrumentationTest {

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void recordsWaitAndHoldPerSiteWhenOn(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode).withInstrumentedLock(true));
        for (int i = 0; i < 10; i++) {
            heap.freeSpan(heap.alloc(1, LARGE, false));
        }
        heap.freeManual(heap.allocManual(1));
        HeapLock.LockTimes times = heap.lock().snapshot();
        assertThat(times.holdNanos().get(HeapLockSite.ALLOC).getTotalCount()).isEqualTo(10);
        assertThat(times.waitNanos().get(HeapLockSite.ALLOC).getTotalCount()).isEqualTo(10);
        assertThat(times.holdNanos().get(HeapLockSite.FREE).getTotalCount()).isEqualTo(10);
        assertThat(times.holdNanos().get(HeapLockSite.ALLOC_MANUAL).getTotalCount()).isEqualTo(1);
        assertThat(times.holdNanos().get(HeapLockSite.FREE_MANUAL).getTotalCount()).isEqualTo(1);
        assertThat(times.holdNanos().get(HeapLockSite.ALLOC).getMaxValue()).isPositive();

        heap.lock().resetTimes();
        assertThat(heap.lock().snapshot().holdNanos().get(HeapLockSite.ALLOC).getTotalCount()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void recordsNothingWhenOff(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        heap.alloc(1, LARGE, false);
        assertThat(heap.lock().instrumented()).isFalse();
        assertThat(heap.lock().snapshot().holdNanos()).isEmpty();
    }
}

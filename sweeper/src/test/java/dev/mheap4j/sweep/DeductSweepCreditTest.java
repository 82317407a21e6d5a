package dev.mheap4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.pacer.GcPacer;
import dev.mheap4j.pacer.HeapSnapshot;
import dev.mheap4j.pacer.TriggerClamp;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Proportional sweep against a real pacer line: the debt, the stop once it is paid, the recomputation when the
 * pacer re-paces in the middle (pagesSweptBasis changes), and the slope dropped to 0 when nothing is left.
 */
class DeductSweepCreditTest {

    private static final long THREE_MIB = 3L << 20;

    /**
     * Re-paces at start-up with GOGC=100, heap_live 0 and sweeping pending: the trigger is the 4 MiB heap minimum,
     * so the heap distance is 3 MiB and {@code pagesInUse} minus the pages swept so far over it is the slope.
     */
    private static void pace(GcPacer pacer, ReentrantLock lock, long pagesInUse) {
        lock.lock();
        try {
            pacer.gcSetTriggerRatio(0.875, new HeapSnapshot(0, 0, pagesInUse, false, 0));
        } finally {
            lock.unlock();
        }
    }

    private static FakeHeap heapWithOnePageSpans(int n) {
        FakeHeap heap = new FakeHeap();
        for (int i = 0; i < n; i++) {
            heap.addSpan(0x203000, i, 1, true);
        }
        return heap;
    }

    private static Sweeper<FakeHeap.Span> sweeper(FakeHeap heap, GcPacer pacer) {
        heap.pacing = pacer.sweepPacing();
        Sweeper<FakeHeap.Span> sweeper = new Sweeper<>(heap, pacer.sweepPacing(), ReclaimScan.BYTEWISE);
        heap.lock.lock();
        try {
            // Starts the cycle: this resets pagesSwept, so set up the line afterwards.
            sweeper.startCycle(heap.arenas());
        } finally {
            heap.lock.unlock();
        }
        return sweeper;
    }

    @Test
    void sweepsExactlyTheDebt() {
        ReentrantLock lock = new ReentrantLock();
        FakeHeap heap = heapWithOnePageSpans(100);
        GcPacer pacer = GcPacer.gcinit("100", TriggerClamp.SEED, 4096, lock, HeapSnapshot.swept(0));
        Sweeper<FakeHeap.Span> sweeper = sweeper(heap, pacer);
        pace(pacer, lock, 384); // slope 384 / 3 MiB = 1/8192
        assertThat(pacer.sweepPacing().sweepPagesPerByte()).isEqualTo(384.0 / THREE_MIB);

        sweeper.deductSweepCredit(10 * 8192, 0); // owes 10 pages

        assertThat(heap.sweepOrder).hasSize(10);
        sweeper.deductSweepCredit(10 * 8192, 4); // the caller will sweep 4 itself: still within the paid 10
        assertThat(heap.sweepOrder).hasSize(10);
    }

    @Test
    void recomputesTheDebtWhenThePacerMovesTheLine() {
        ReentrantLock lock = new ReentrantLock();
        FakeHeap heap = heapWithOnePageSpans(100);
        GcPacer pacer = GcPacer.gcinit("100", TriggerClamp.SEED, 4096, lock, HeapSnapshot.swept(0));
        Sweeper<FakeHeap.Span> sweeper = sweeper(heap, pacer);
        pace(pacer, lock, 384);
        AtomicInteger sweeps = new AtomicInteger();
        heap.afterSweep = () -> {
            if (sweeps.incrementAndGet() == 3) {
                // The pacer re-paces mid-loop: 192 pages left over 3 MiB halves the slope, basis = 3 pages swept.
                pace(pacer, lock, 195);
            }
        };

        sweeper.deductSweepCredit(10 * 8192, 0);

        // Old line: 10 pages from basis 0. New line: 5 pages from basis 3, so it stops at 8.
        assertThat(pacer.sweepPacing().pagesSweptBasis()).isEqualTo(3);
        assertThat(heap.sweepOrder).hasSize(8);
    }

    @Test
    void dropsTheSlopeToZeroWhenNothingIsLeft() {
        ReentrantLock lock = new ReentrantLock();
        FakeHeap heap = heapWithOnePageSpans(4);
        GcPacer pacer = GcPacer.gcinit("100", TriggerClamp.SEED, 4096, lock, HeapSnapshot.swept(0));
        Sweeper<FakeHeap.Span> sweeper = sweeper(heap, pacer);
        pace(pacer, lock, 384);
        sweeper.deductSweepCredit(10 * 8192, 0);
        assertThat(heap.sweepOrder).hasSize(4);
        assertThat(sweeper.isSweepDone()).isTrue();
        assertThat(pacer.sweepPacing().sweepPagesPerByte()).as("set to 0 without the lock, as Go does").isZero();
        sweeper.deductSweepCredit(10 * 8192, 0); // returns at once
        assertThat(sweeper.pagesSwept(SweepSource.PROPORTIONAL)).isEqualTo(4);
    }
}

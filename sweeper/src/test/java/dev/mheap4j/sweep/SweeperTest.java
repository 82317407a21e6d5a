package dev.mheap4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mheap4j.pacer.SweepPacing;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The sweeper against a heap that is not heap-core's: the narrow interface is all it needs. */
class SweeperTest {

    private static Sweeper<FakeHeap.Span> sweeperFor(FakeHeap heap, ReclaimScan scan) {
        Sweeper<FakeHeap.Span> sweeper = new Sweeper<>(heap, new SweepPacing(), scan);
        heap.lock.lock();
        try {
            sweeper.startCycle(heap.arenas());
        } finally {
            heap.lock.unlock();
        }
        return sweeper;
    }

    @Test
    void sweeponeSweepsEachSpanOnceThenReportsNothingLeft() {
        FakeHeap heap = new FakeHeap();
        FakeHeap.Span live = heap.addSpan(0x203000, 0, 4, true);
        FakeHeap.Span dead = heap.addSpan(0x203000, 8, 2, false);
        Sweeper<FakeHeap.Span> sweeper = sweeperFor(heap, ReclaimScan.BYTEWISE);

        assertThat(sweeper.isSweepDone()).isFalse();
        assertThat(sweeper.sweepone(SweepSource.BACKGROUND)).as("dead span freed: its pages").isEqualTo(2);
        assertThat(sweeper.reclaimer().reclaimCredit()).as("freed pages become reclaim credit").isEqualTo(2);
        assertThat(sweeper.sweepone(SweepSource.BACKGROUND)).as("live span kept").isZero();
        assertThat(sweeper.sweepone(SweepSource.BACKGROUND)).isEqualTo(Sweeper.NOTHING_LEFT);
        assertThat(sweeper.isSweepDone()).isTrue();
        assertThat(heap.sweepOrder).containsExactly(dead, live);
        assertThat(sweeper.pagesSwept(SweepSource.BACKGROUND)).isEqualTo(6);
        assertThat(sweeper.sweepers()).isZero();
    }

    @Test
    void sweeponeSkipsSpansAlreadySweptAndRejectsCorruptOnes() {
        FakeHeap heap = new FakeHeap();
        FakeHeap.Span a = heap.addSpan(0x203000, 0, 1, true);
        Sweeper<FakeHeap.Span> sweeper = sweeperFor(heap, ReclaimScan.BYTEWISE);
        SweepGen.finish(a, heap.sweepgen); // swept by someone else (an mcentral) first
        assertThat(sweeper.sweepone(SweepSource.BACKGROUND)).isEqualTo(Sweeper.NOTHING_LEFT);
        assertThat(heap.sweepOrder).isEmpty();

        FakeHeap heap2 = new FakeHeap();
        FakeHeap.Span b = heap2.addSpan(0x203000, 0, 1, true);
        b.inUse = false; // not in use, yet still marked as needing sweep: the unswept list is corrupt
        Sweeper<FakeHeap.Span> sweeper2 = sweeperFor(heap2, ReclaimScan.BYTEWISE);
        assertThatThrownBy(() -> sweeper2.sweepone(SweepSource.BACKGROUND))
                .hasMessageStartingWith("non in-use span in unswept list");
        assertThat(sweeper2.sweepers()).isZero();
    }

    @Test
    void reclaimerScansOnlyInUseUnmarkedPagesInBothScans() {
        for (ReclaimScan scan : ReclaimScan.values()) {
            FakeHeap heap = new FakeHeap();
            heap.addSpan(0x203000, 0, 3, false);
            heap.addSpan(0x203000, 3, 5, true);
            heap.addSpan(0x203000, 70, 1, false);
            heap.addSpan(0x203001, 0, 600, false); // second arena, beyond the first chunk
            Sweeper<FakeHeap.Span> sweeper = sweeperFor(heap, scan);
            assertThat(sweeper.reclaimer().reclaim(1)).isZero();
            assertThat(heap.sweepOrder).as(scan.name()).extracting(s -> s.firstPage).containsExactly(0, 70);
            assertThat(sweeper.reclaimer().reclaimCredit()).as(scan.name()).isEqualTo(3);
        }
    }

    @Test
    void backgroundSweeperParksWakesAndStops() throws InterruptedException {
        FakeHeap heap = new FakeHeap();
        for (int i = 0; i < 100; i++) {
            heap.addSpan(0x203000, i * 8, 1, i % 2 == 0);
        }
        Sweeper<FakeHeap.Span> sweeper = new Sweeper<>(heap, new SweepPacing(), ReclaimScan.BYTEWISE);
        try (BackgroundSweeper bg = new BackgroundSweeper(sweeper)) {
            bg.start();
            waitFor(bg::isParked);
            assertThat(heap.sweepOrder).as("parked until woken").isEmpty();
            heap.lock.lock();
            try {
                sweeper.startCycle(heap.arenas());
            } finally {
                heap.lock.unlock();
            }
            bg.wake();
            waitFor(() -> sweeper.isSweepDone() && bg.isParked());
            assertThat(heap.sweepOrder).hasSize(100);
            assertThat(bg.spansSwept()).isEqualTo(100);
            assertThatThrownBy(bg::start).isInstanceOf(IllegalStateException.class);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 10 s");
            }
            Thread.sleep(1);
        }
    }
}

package dev.mheap4j.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mheap4j.sweep.BackgroundSweeper;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Threads that die at awkward moments leave the heap consistent, and the next cycle completes. */
class FaultsTest {

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void aMutatorThatDiesMidAllocationLeavesTheHeapConsistent(SyncMode mode) throws InterruptedException {
        MHeap heap = new MHeap(HeapConfig.of(mode));
        AtomicReference<Throwable> died = new AtomicReference<>();
        Thread doomed = new Thread(() -> {
            Mutator m = heap.newMutator(); // never closed: its cache keeps its spans
            m.atomically(() -> {
                for (int i = 0; i < 500; i++) {
                    m.mallocSmall(100 + i, false);
                }
                m.largeAlloc(100_000, true);
                throw new IllegalStateException("the goroutine panics half way through");
            });
        });
        doomed.setUncaughtExceptionHandler((t, e) -> died.set(e));
        doomed.start();
        doomed.join();
        assertThat(died.get()).hasMessageContaining("panics");
        HeapTesting.assertConsistent(heap);

        long pagesBefore = heap.pagesInUse();
        CycleStats cs = heap.collector().collect(Roots.NONE, true); // its objects are unreachable now
        heap.sweeper().sweepAll(dev.mheap4j.sweep.SweepSource.BACKGROUND);
        assertThat(cs.heapMarked()).isZero();
        assertThat(heap.pagesInUse()).isLessThan(pagesBefore);
        HeapTesting.assertConsistent(heap);
        heap.collector().collect(Roots.NONE, true);
        HeapTesting.assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void runningOutOfMemoryMidWorkloadLeavesTheHeapUsableAfterACycle(SyncMode mode) {
        MHeap heap = new MHeap(HeapConfig.of(mode).withMaxHeapBytes(128L << 20));
        List<Long> kept = new ArrayList<>();
        try (Mutator m = heap.newMutator()) {
            assertThatThrownBy(() -> {
                for (int i = 0; ; i++) {
                    long p = m.malloc(1 << 20, true);
                    if (i % 10 == 0) {
                        kept.add(p);
                    }
                }
            }).isInstanceOf(HeapExhaustedException.class).hasMessageStartingWith("out of memory");
            HeapTesting.assertConsistent(heap);
            heap.collector().collect(mark -> kept.forEach(mark::accept), true);
            m.largeAlloc(1 << 20, true); // reclaim frees garbage before growth: it fits again
        }
        HeapTesting.assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void anInterruptedBackgroundSweeperLeavesTheRestForTheNextCycle(SyncMode mode) throws InterruptedException {
        MHeap heap = new MHeap(HeapConfig.of(mode).withBackgroundSweep(true));
        try (Mutator m = heap.newMutator()) {
            for (int i = 0; i < 3000; i++) {
                m.largeAlloc(40_000, true);
            }
        }
        BackgroundSweeper bg = heap.backgroundSweeper();
        heap.collector().collect(Roots.NONE, true); // wakes the sweeper with 3000 spans to sweep
        bg.thread().interrupt();
        bg.thread().join(10_000);
        assertThat(bg.isAlive()).isFalse();
        HeapTesting.assertConsistent(heap);
        assertThat(HeapInvariants.checkSweepAccounting(heap)).isEmpty();

        boolean leftWork = !heap.sweeper().isSweepDone();
        CycleStats next = heap.collector().collect(Roots.NONE, true);
        if (leftWork) {
            assertThat(next.spansFinished()).as("the next cycle swept what bgsweep left").isPositive();
        }
        assertThat(heap.pagesInUse()).as("all 3000 garbage spans are gone").isZero();
        HeapTesting.assertConsistent(heap);
        heap.close();
    }
}

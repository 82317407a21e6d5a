package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.LARGE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several threads allocate and free spans of mixed sizes (large spans directly, small-object spans through their
 * own mcache and the shared mcentrals) for a bounded number of operations; afterwards the invariant checker must
 * find nothing wrong. The seed is printed in every failure message.
 */
class HeapConcurrentStressTest {

    static final int THREADS = 4;
    static final int OPS_PER_THREAD = 20_000;

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void mixedAllocAndFreeKeepsTheHeapConsistent(SyncMode mode) throws InterruptedException {
        long seed = new SplittableRandom().nextLong();
        MHeap heap = new MHeap(HeapConfig.of(mode));
        List<Throwable> failures = run(heap, seed);
        assertThat(failures).as("failures with seed %d", seed).isEmpty();
        assertThat(HeapInvariants.check(heap)).as("invariants with seed %d", seed).isEmpty();
        assertThat(heap.pagesInUse()).as("seed %d", seed).isPositive();
    }

    /** Runs the workload and returns what the threads threw. Shared with the plain-bitmap demonstration. */
    static List<Throwable> run(MHeap heap, long seed) throws InterruptedException {
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom rnd = new SplittableRandom(seed + t);
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    mutate(heap, rnd);
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "mutator-" + t);
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        return new ArrayList<>(failures);
    }

    private static void mutate(MHeap heap, SplittableRandom rnd) {
        MCache cache = heap.newMCache();
        List<MSpan> mine = new ArrayList<>();
        for (int i = 0; i < OPS_PER_THREAD; i++) {
            int op = rnd.nextInt(100);
            if (op < 40) {
                // Mostly one-page spans, so that spans of different threads share bitmap bytes.
                long npages = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(64) : 1;
                mine.add(heap.alloc(npages, LARGE, false));
            } else if (op < 75) {
                if (!mine.isEmpty()) {
                    heap.freeSpan(mine.remove(rnd.nextInt(mine.size())));
                }
            } else if (op < 97) {
                cache.mallocSmall(1 + rnd.nextInt(2048), rnd.nextBoolean());
            } else {
                cache.largeAlloc(32769 + rnd.nextInt(100_000), rnd.nextBoolean());
            }
        }
        cache.releaseAll();
    }
}

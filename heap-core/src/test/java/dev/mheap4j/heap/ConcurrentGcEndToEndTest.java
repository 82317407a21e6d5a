package dev.mheap4j.heap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.sweep.SweepSource;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several mutator threads allocate small and large objects and drop them while GC cycles run, triggered by the
 * heap itself, with the background sweeper, proportional sweep and the page reclaimer all active. A shadow set of
 * each thread's live objects is checked after every cycle: every object still referenced must still be allocated.
 * At the end the invariant checker and the sweep accounting must pass. The seed is in every failure message.
 */
class ConcurrentGcEndToEndTest {

    private static final int THREADS = 3;
    private static final int OPS = 15_000;
    private static final int MAX_LIVE = 1500;

    /** One simulated goroutine's references; written by its thread inside atomically, read with the world stopped. */
    private static final class Shadow {
        final List<Long> objects = new ArrayList<>();
        volatile boolean done;
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void cyclesNeverFreeALiveObject(SyncMode mode) throws InterruptedException {
        long seed = new SplittableRandom().nextLong();
        MHeap heap = new MHeap(HeapConfig.of(mode).withBackgroundSweep(true));
        List<Shadow> shadows = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            shadows.add(new Shadow());
        }
        ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        heap.collector().setTriggerRoots(mark -> shadows.forEach(sh -> sh.objects.forEach(mark::accept)));
        heap.collector().addListener(cs -> {
            // Still inside the cycle, world stopped: every referenced object must be allocated. (Spans that mcache
            // flushes already swept have fresh mark bits, so the marks themselves are not checked here.)
            for (Shadow sh : shadows) {
                for (long p : sh.objects) {
                    MSpan s = heap.spanOfHeap(p);
                    if (s == null || s.isFree(s.objIndex(p))) {
                        broken.add("cycle " + cs.cycle() + ": live object 0x" + Long.toHexString(p) + " in " + s);
                    }
                }
            }
        });

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Shadow sh = shadows.get(t);
            SplittableRandom rnd = new SplittableRandom(seed + t);
            Thread th = new Thread(() -> {
                try (Mutator m = heap.newMutator()) {
                    start.await();
                    for (int i = 0; i < OPS; i++) {
                        int op = rnd.nextInt(100);
                        m.atomically(() -> {
                            if (op < 75 || sh.objects.isEmpty()) {
                                long size = op < 72 ? 8 + rnd.nextInt(2000) : 33_000 + rnd.nextInt(200_000);
                                sh.objects.add(m.malloc(size, rnd.nextBoolean()));
                                if (sh.objects.size() > MAX_LIVE) {
                                    drop(sh, rnd);
                                }
                            } else {
                                drop(sh, rnd);
                            }
                            return null;
                        });
                    }
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    sh.done = true;
                }
            }, "mutator-" + t);
            th.start();
            threads.add(th);
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        heap.close();

        assertThat(failures).as("seed %d", seed).isEmpty();
        assertThat(broken).as("seed %d", seed).isEmpty();
        assertThat(heap.collector().cycles()).as("cycles ran (seed %d)", seed).isGreaterThanOrEqualTo(3);
        assertThat(HeapInvariants.check(heap)).as("seed %d", seed).isEmpty();
        assertThat(HeapInvariants.checkSweepAccounting(heap)).as("seed %d", seed).isEmpty();
        long swept = 0;
        for (SweepSource src : SweepSource.values()) {
            swept += heap.sweeper().totalPagesSwept(src);
        }
        assertThat(swept).as("seed %d", seed).isPositive();
        StringBuilder bySource = new StringBuilder();
        for (SweepSource src : SweepSource.values()) {
            bySource.append(' ').append(src).append('=').append(heap.sweeper().totalPagesSwept(src));
        }
        System.out.printf("%s seed %d: %d cycles, pages swept by%s%n", mode, seed, heap.collector().cycles(), bySource);
    }

    private static void drop(Shadow sh, SplittableRandom rnd) {
        int i = rnd.nextInt(sh.objects.size());
        int last = sh.objects.size() - 1;
        sh.objects.set(i, sh.objects.get(last));
        sh.objects.remove(last);
    }
}

package dev.mheap4j.heap;

import dev.mheap4j.bitmap.BitmapKind;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A demonstration, not a check: the concurrent stress workload run in the ALLOC_SPAN mode with the pageInUse
 * bitmap forced back to plain byte accesses. Allocation then ORs in-use bits outside the heap lock while other
 * threads AND bits of the same byte under it, so updates are lost and the invariant checker reports in-use spans
 * whose first page's bit is clear (or bits of freed spans left set). Whether a given run loses an update depends
 * on timing, so nothing is asserted; the output is recorded in docs/heap.md.
 *
 * <p>Excluded from the default build (tag "demo"); run it with
 * {@code mvn -pl heap-core -am test -Dgroups=demo -Dtest=PlainBitmapUnderAllocSpanDemo -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("demo")
class PlainBitmapUnderAllocSpanDemo {

    @Test
    void showWhatBreaks() throws InterruptedException {
        int runs = Integer.getInteger("demo.runs", 20);
        int broken = 0;
        for (int r = 0; r < runs; r++) {
            long seed = new SplittableRandom().nextLong();
            MHeap heap = new MHeap(HeapConfig.of(SyncMode.ALLOC_SPAN).withPageInUseOverride(BitmapKind.PLAIN::create));
            List<Throwable> failures = churnOnePageSpans(heap, seed, Integer.getInteger("demo.ops", 500_000));
            List<String> problems = HeapInvariants.check(heap);
            if (!problems.isEmpty() || !failures.isEmpty()) {
                broken++;
                System.out.printf("run %d seed %d: %d thread failures, invariant violations:%n", r, seed,
                        failures.size());
                problems.stream().limit(5).forEach(p -> System.out.println("  " + p));
                failures.stream().limit(3).forEach(f -> System.out.println("  thread: " + f));
            }
        }
        System.out.printf("ALLOC_SPAN with a plain pageInUse bitmap: %d of %d runs broke the heap%n", broken, runs);
    }

    /**
     * Two threads allocate and free one-page spans, keeping only a few each, so that their spans keep landing in
     * the same few bitmap bytes: the densest collision pattern for byte-wide read-modify-writes.
     */
    static List<Throwable> churnOnePageSpans(MHeap heap, long seed, int ops) throws InterruptedException {
        java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        Thread[] threads = new Thread[Integer.getInteger("demo.threads", 2)];
        for (int t = 0; t < threads.length; t++) {
            SplittableRandom rnd = new SplittableRandom(seed + t);
            threads[t] = new Thread(() -> {
                try {
                    java.util.ArrayDeque<MSpan> mine = new java.util.ArrayDeque<>();
                    for (int i = 0; i < ops; i++) {
                        if (mine.size() >= 64 || (!mine.isEmpty() && rnd.nextInt(4) == 0)) {
                            heap.freeSpan(mine.pollFirst());
                        } else {
                            mine.addLast(heap.alloc(1, HeapTesting.LARGE, false));
                        }
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads[t].start();
        }
        for (Thread th : threads) {
            th.join();
        }
        return List.copyOf(failures);
    }
}

package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.LARGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.bitmap.ArenaLayout;
import dev.mheap4j.bitmap.ByteBitmap;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Publication order in the ALLOC_SPAN mode: spans are initialised and their in-use bit set after the heap lock is
 * released, while a reader that holds the heap lock (the page reclaimer's situation) scans the in-use bits. Every
 * bit the reader sees set through load8 must lead to a fully initialised span: the spans entry, npages, state and
 * sweepgen, all written before the bit's atomic OR.
 */
class PublicationStressTest {

    @Test
    void aReaderThatSeesTheInUseBitSeesAnInitialisedSpan() throws InterruptedException {
        long seed = new SplittableRandom().nextLong();
        MHeap heap = new MHeap(HeapConfig.of(SyncMode.ALLOC_SPAN));
        heap.alloc(1, LARGE, false); // map the first arena before the reader starts
        ArenaLayout layout = heap.layout();
        ConcurrentLinkedQueue<String> broken = new ConcurrentLinkedQueue<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong observed = new AtomicLong();

        Thread reader = new Thread(() -> {
            while (!done.get()) {
                heap.withLock(view -> {
                    for (long ai : heap.allArenasLocked()) {
                        HeapArena ha = heap.arena(ai);
                        ByteBitmap inUse = ha.bitmaps().pageInUse();
                        long arenaBase = layout.arenaBase(ai);
                        for (int i = 0; i < inUse.sizeBytes(); i++) {
                            int bits = inUse.load8(i) & 0xff;
                            while (bits != 0) {
                                int j = Integer.numberOfTrailingZeros(bits);
                                bits &= bits - 1;
                                int page = i * 8 + j;
                                long addr = arenaBase + ((long) page << HeapConstants.PAGE_SHIFT);
                                MSpan s = ha.spanAt(page);
                                observed.incrementAndGet();
                                if (s == null || s.base() != addr || s.npages() < 1 || s.state() != MSpanState.IN_USE
                                        || s.sweepgen() != heap.sweepgen()) {
                                    broken.add("bit of page 0x" + Long.toHexString(addr) + " set but span is " + s);
                                }
                            }
                        }
                    }
                    return null;
                });
            }
        }, "reader");
        reader.start();

        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            SplittableRandom rnd = new SplittableRandom(seed + t);
            Thread w = new Thread(() -> {
                List<MSpan> mine = new ArrayList<>();
                for (int i = 0; i < 30_000; i++) {
                    if (mine.size() > 200 || (!mine.isEmpty() && rnd.nextInt(3) == 0)) {
                        heap.freeSpan(mine.remove(rnd.nextInt(mine.size())));
                    } else {
                        mine.add(heap.alloc(1 + (rnd.nextInt(8) == 0 ? rnd.nextInt(16) : 0), LARGE, false));
                    }
                }
            }, "writer-" + t);
            w.start();
            writers.add(w);
        }
        for (Thread w : writers) {
            w.join();
        }
        done.set(true);
        reader.join();

        assertThat(broken).as("seed %d", seed).isEmpty();
        assertThat(observed.get()).as("the reader saw set bits (seed %d)", seed).isPositive();
        HeapTesting.assertConsistent(heap);
    }
}

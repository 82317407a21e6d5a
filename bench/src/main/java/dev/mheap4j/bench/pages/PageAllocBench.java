package dev.mheap4j.bench.pages;

import dev.mheap4j.heap.pages.PageAlloc;
import dev.mheap4j.heap.pages.PageAllocLayout;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Page allocator: alloc + free of {@code npages} on a 64 GiB simulated heap, Go's radix-tree allocator
 * ({@link PageAlloc}) beside a naive first fit over one bitmap ({@link NaiveFirstFit}).
 *
 * <p>Heaps: {@code empty} (all free) and {@code fragmented} (the lower half fully allocated, the upper half a seeded
 * mix of free runs of 1..700 pages between allocated runs of 1..64 pages), so that a first fit must get past 32 GiB
 * of full memory and then pick among holes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PageAllocBench {

    /** 64 GiB of 8 KiB pages. */
    static final long HEAP_BYTES = 64L << 30;
    static final long HEAP_PAGES = HEAP_BYTES / PageAllocLayout.PAGE_SIZE;
    /** Heap base: Go's usual first arena hint on linux/amd64 (0xc000000000). */
    static final long HEAP_BASE = 0xc000L * PageAllocLayout.PALLOC_CHUNK_BYTES;

    @Param({"1", "8", "64", "600"})
    public long npages;

    @Param({"empty", "fragmented"})
    public String heap;

    @Param({"pageAlloc", "naiveFirstFit"})
    public String impl;

    private ReentrantLock lock;
    private PageAlloc pa;
    private NaiveFirstFit naive;

    @Setup(Level.Trial)
    public void setUp() {
        boolean fragmented = heap.equals("fragmented");
        if (impl.equals("pageAlloc")) {
            lock = new ReentrantLock();
            lock.lock(); // Held by this benchmark thread for the whole trial, as Go's caller holds mheap_.lock.
            pa = new PageAlloc(lock);
            pa.grow(HEAP_BASE, HEAP_BYTES);
            if (fragmented) {
                long all = pa.alloc(HEAP_PAGES);
                if (all != HEAP_BASE) {
                    throw new IllegalStateException("fill failed: 0x" + Long.toHexString(all));
                }
                forEachFreeRun((page, n) -> pa.free(HEAP_BASE + page * PageAllocLayout.PAGE_SIZE, n));
            }
        } else {
            naive = new NaiveFirstFit(HEAP_PAGES);
            if (fragmented) {
                naive.set(0, HEAP_PAGES, true);
                forEachFreeRun(naive::free);
            }
        }
    }

    interface RunConsumer {
        void accept(long page, long n);
    }

    /** The fragmented heap's free runs, the same for both implementations. */
    static void forEachFreeRun(RunConsumer c) {
        SplittableRandom rnd = new SplittableRandom(42);
        long page = HEAP_PAGES / 2;
        while (true) {
            page += 1 + rnd.nextInt(64);
            long n = 1 + rnd.nextInt(700);
            if (page + n > HEAP_PAGES) {
                return;
            }
            c.accept(page, n);
            page += n;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (lock != null) {
            lock.unlock();
        }
    }

    /**
     * Question: how long does one alloc + free of {@code npages} take in Go's radix-tree allocator compared with a
     * naive first fit over one bitmap, on an empty and on a fragmented 64 GiB heap, and does the radix tree's cost
     * stay flat where the naive scan grows with the full memory in front of the first fit? Also (with
     * {@code -prof gc}): does the allocator's fast path allocate Java objects (it should not)?
     */
    @Benchmark
    public long allocFree() {
        if (pa != null) {
            long base = pa.alloc(npages);
            long scav = pa.lastAllocScav();
            pa.free(base, npages);
            return base + scav;
        }
        long page = naive.alloc(npages);
        naive.free(page, npages);
        return page;
    }
}

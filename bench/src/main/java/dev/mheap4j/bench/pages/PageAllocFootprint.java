package dev.mheap4j.bench.pages;

import dev.mheap4j.heap.pages.PageAlloc;
import dev.mheap4j.heap.pages.PageAllocLayout;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures the page allocator's metadata footprint in Java heap for a heap of a given size (default 1 TiB): the
 * reachable object graph from the {@link PageAlloc} as counted by JOL's {@code GraphLayout}, the allocator's own
 * count of allocated arrays ({@link PageAlloc#metadataBytes()}), and the used Java heap after GC as a cross-check.
 * Prints one line per stage: empty, grown, all allocated, all freed and scavenged.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar dev.mheap4j.bench.pages.PageAllocFootprint [GiB]}
 */
public final class PageAllocFootprint {

    private PageAllocFootprint() {}

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void report(String stage, PageAlloc pa, long baseline) {
        // Walk with the lock released: a held ReentrantLock points at its owner Thread, which is not metadata.
        pa.mheapLock().unlock();
        long jol = GraphLayout.parseInstance(pa).totalSize();
        pa.mheapLock().lock();
        long used = usedAfterGc() - baseline;
        System.out.printf("%-28s JOL graph %,14d B (%7.2f MiB)  metadataBytes %,14d B  heap-used delta %,14d B%n",
                stage, jol, jol / 1048576.0, pa.metadataBytes(), used);
    }

    public static void main(String[] args) {
        long gib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        long bytes = gib << 30;
        long base = 0xc000L * PageAllocLayout.PALLOC_CHUNK_BYTES;
        long baseline = usedAfterGc();
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        PageAlloc pa = new PageAlloc(lock);
        report("empty", pa, baseline);
        pa.grow(base, bytes);
        report("grown " + gib + " GiB", pa, baseline);
        long pages = bytes / PageAllocLayout.PAGE_SIZE;
        long step = 8192; // 64 MiB allocations
        for (long p = 0; p < pages; p += step) {
            if (pa.alloc(step) == 0) {
                throw new IllegalStateException("alloc failed at page " + p);
            }
        }
        if (pa.alloc(1) != 0) {
            throw new IllegalStateException("heap should be full");
        }
        report("all allocated", pa, baseline);
        pa.free(base, pages);
        pa.resetScavengeAddr();
        long released = pa.scavenge(-1L, true);
        report("freed, scavenged " + (released >> 30) + " GiB", pa, baseline);
        lock.unlock();
    }
}

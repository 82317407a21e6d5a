package dev.mheap4j.heap;

import dev.mheap4j.sweep.SweepGen;

/**
 * A per-thread allocation cache (Go's per-P mcache): one cached span per span class to carve small objects from,
 * refilled from the span class's mcentral, and the large-object path. One thread uses an MCache at a time; it is
 * not thread-safe, and the heap never touches it except through its owner or with the world stopped.
 *
 * <p>Tiny allocation (sub-16-byte noscan objects packed into one block) is not modelled; such requests use their
 * size class like any other small object.
 *
 * @mirrors mcache.go:mcache
 */
public final class MCache {

    /**
     * A placeholder span with no free slots, so that an empty cache entry takes the refill path without a null
     * check. It is never in use and never freed.
     *
     * @mirrors mcache.go:emptymspan
     */
    static final MSpan EMPTY_MSPAN = new MSpan();

    private final MHeap heap;

    /**
     * The cached span per span class. Owner thread only.
     *
     * @mirrors mcache.go:mcache.alloc
     */
    private final MSpan[] alloc = new MSpan[SpanClass.NUM_SPAN_CLASSES];

    /**
     * Bytes of scannable objects allocated since the last flush into heap_scan. Owner thread only; flushed under
     * the heap lock when the owner allocates a span.
     *
     * @mirrors mcache.go:mcache.local_scan
     */
    private long localScan;

    /**
     * The sweepgen at which this cache was last flushed; compared with the heap's by prepareForSweep. Written by
     * the owner (volatile store), read by the GC at cycle start.
     *
     * @mirrors mcache.go:mcache.flushGen
     */
    private volatile int flushGen;

    /**
     * Whether the last allocation took the slow path (a refill or a large allocation): Go's shouldhelpgc, after
     * which mallocgc checks the GC trigger. Owner thread only.
     */
    private boolean heavy;

    MCache(MHeap heap) {
        this.heap = heap;
        java.util.Arrays.fill(alloc, EMPTY_MSPAN);
        this.flushGen = heap.sweepgen();
    }

    /**
     * Allocates a small object of {@code size} bytes (1 to 32768) and returns its address.
     *
     * @throws IllegalArgumentException naming the size when it is not a small size
     * @throws HeapExhaustedException   when a new span is needed and the heap cannot grow
     * @mirrors malloc.go:mallocgc the small-object path (tiny allocation not modelled)
     */
    public long mallocSmall(long size, boolean noscan) {
        int sizeclass = SizeClasses.sizeToClass(size);
        int spc = SpanClass.make(sizeclass, noscan);
        MSpan span = alloc[spc];
        heavy = false;
        long v = span.nextFreeFast();
        if (v == 0) {
            v = nextFree(spc);
        }
        if (!noscan) {
            localScan += size;
        }
        return v;
    }

    /**
     * Takes the next free object of the cached span of {@code spc}, refilling the cache from mcentral when the
     * span is full.
     *
     * @mirrors malloc.go:(*mcache).nextFree
     */
    long nextFree(int spc) {
        MSpan s = alloc[spc];
        int freeIndex = s.nextFreeIndex();
        if (freeIndex == s.nelems) {
            if (s.allocCount != s.nelems) {
                throw new GoThrow("s.allocCount != s.nelems && freeIndex == s.nelems: " + s);
            }
            refill(spc);
            heavy = true;
            s = alloc[spc];
            freeIndex = s.nextFreeIndex();
        }
        if (freeIndex >= s.nelems) {
            throw new GoThrow("freeIndex is not valid: " + s);
        }
        long v = s.base() + (long) freeIndex * s.elemsize;
        s.allocCount++;
        if (s.allocCount > s.nelems) {
            throw new GoThrow("s.allocCount > s.nelems: " + s);
        }
        return v;
    }

    /**
     * Replaces the full cached span of {@code spc} with one that has a free object. The old span goes back to
     * "swept, not cached" (sg); the new one is marked "swept, then cached" (sg+3).
     *
     * @mirrors mcache.go:(*mcache).refill
     */
    void refill(int spc) {
        MSpan s = alloc[spc];
        if (s.allocCount != s.nelems) {
            throw new GoThrow("refill of span with free space remaining: " + s);
        }
        int sg = heap.sweepgen();
        if (s != EMPTY_MSPAN) {
            if (!SweepGen.isSweptCached(s.sweepgen(), sg)) {
                throw new GoThrow("bad sweepgen in refill: " + s + " heap sweepgen " + sg);
            }
            SweepGen.finish(s, sg);
        }
        s = heap.central(spc).cacheSpan(this);
        if (s.allocCount == s.nelems) {
            throw new GoThrow("span has no free space: " + s);
        }
        SweepGen.cache(s, sg);
        alloc[spc] = s;
    }

    /**
     * Allocates a large object (more than 32768 bytes, or any size the caller wants on its own span): a span of
     * ceil(size / 8192) pages with one object, counted in heap_live at once.
     *
     * @throws IllegalArgumentException naming the size when it is not positive
     * @throws HeapExhaustedException   when the heap cannot grow
     * @mirrors malloc.go:largeAlloc
     */
    public MSpan largeAlloc(long size, boolean noscan) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        if (size + HeapConstants.PAGE_SIZE < size) {
            throw new HeapExhaustedException(size, heap.stats().heapSys());
        }
        heavy = true;
        long npages = (size + HeapConstants.PAGE_SIZE - 1) >>> HeapConstants.PAGE_SHIFT;
        // The heap's own reclaim sweeps npages, so only the rest is owed to proportional sweep.
        heap.deductSweepCredit(npages * HeapConstants.PAGE_SIZE, npages);
        MSpan s = heap.alloc(npages, SpanClass.make(0, noscan), true, this);
        s.limit = s.base() + size;
        // mallocgc: the single object is allocated.
        s.freeindex = 1;
        s.allocCount = 1;
        if (!noscan) {
            localScan += size;
        }
        return s;
    }

    /**
     * Returns every cached span to its mcentral.
     *
     * @mirrors mcache.go:(*mcache).releaseAll
     */
    public void releaseAll() {
        for (int i = 0; i < alloc.length; i++) {
            MSpan s = alloc[i];
            if (s != EMPTY_MSPAN) {
                heap.central(i).uncacheSpan(s);
                alloc[i] = EMPTY_MSPAN;
            }
        }
    }

    /**
     * Called by the owner before its first allocation of a new GC cycle: flushes the cached spans, which the
     * sweep that just began must be able to see.
     *
     * @throws GoThrow "bad flushGen" when the cache skipped a whole cycle
     * @mirrors mcache.go:(*mcache).prepareForSweep
     */
    public void prepareForSweep() {
        int sg = heap.sweepgen();
        if (flushGen == sg) {
            return;
        }
        if (flushGen != sg - 2) {
            throw new GoThrow("bad flushGen " + flushGen + " in prepareForSweep; sweepgen " + sg);
        }
        releaseAll();
        flushGen = sg;
    }

    /** Whether the last allocation refilled the cache or was large (Go's shouldhelpgc). */
    boolean lastAllocWasHeavy() {
        return heavy;
    }

    /**
     * Releases every cached span and forgets this cache: its owner is done with the heap.
     *
     * @mirrors mcache.go:freemcache
     */
    public void free() {
        releaseAll();
        heap.unregister(this);
    }

    /** The sweepgen of the last flush. */
    public int flushGen() {
        return flushGen;
    }

    /** Moves the local scan count into heap_scan. Called with the heap lock held, by the owner. */
    void flushLocalStats(MemStats stats) {
        if (localScan != 0) {
            stats.heapScan.addAndGet(localScan);
            localScan = 0;
        }
    }

    /** The span cached for {@code spc}, or null when none. Owner thread only. */
    public MSpan cached(int spc) {
        MSpan s = alloc[spc];
        return s == EMPTY_MSPAN ? null : s;
    }
}

package dev.mheap4j.sweep;

import dev.mheap4j.bitmap.ArenaPageBitmaps;
import dev.mheap4j.bitmap.ByteBitmap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The page reclaimer: before the heap grows by n pages, it sweeps and frees at least n pages of in-use spans that
 * the last mark phase found no live object in ({@code pageInUse &^ pageMarks}), so sweeping keeps up with
 * allocation where it matters most. Several allocating threads may reclaim at once; they split the heap into
 * 512-page chunks by atomically advancing {@code reclaimIndex}, and the sweepgen CAS gives each span one owner.
 *
 * @param <S> the heap's span type
 * @mirrors mheap.go:(*mheap).reclaim
 */
public final class PageReclaimer<S extends SweepableSpan> {

    /**
     * Pages claimed per step; a multiple of 8 so a chunk is whole bitmap bytes (and of 64, whole words).
     *
     * @mirrors mheap.go:(*mheap).reclaim the pagesPerChunk constant
     */
    public static final long PAGES_PER_CHUNK = 512;

    /**
     * Any reclaimIndex at or above 2^63 means "reclaiming finished for this cycle"; the reclaimer stores exactly
     * 2^63. As a Java long that is any negative value.
     */
    public static final long DONE = 1L << 63;

    private final SweepableHeap<S> heap;
    private final Sweeper<S> sweeper;
    private final ReclaimScan scan;

    /**
     * Next global page index to reclaim: page i is page i % pagesPerArena of arena sweepArenas[i / pagesPerArena].
     * Claimed with atomic adds of 512 (and may overshoot); set to {@link #DONE} atomically past the end; reset to
     * 0 by gcSweep (world stopped, heap lock held).
     *
     * @mirrors mheap.go:mheap.reclaimIndex
     */
    private final AtomicLong reclaimIndex = new AtomicLong(DONE);

    /**
     * Pages freed beyond what their reclaimer needed, and pages freed by sweepone, spendable by later reclaims.
     * Consumed with CAS, deposited with atomic adds; reset to 0 by gcSweep.
     *
     * @mirrors mheap.go:mheap.reclaimCredit
     */
    private final AtomicLong reclaimCredit = new AtomicLong();

    /**
     * The arenas of this sweep cycle, a snapshot of allArenas in mapping order. Written by gcSweep (world
     * stopped, heap lock held); read by reclaimers, which hold off GC ({@link SweepableHeap#acquireM}) so it
     * cannot change under them. Volatile.
     *
     * @mirrors mheap.go:mheap.sweepArenas
     */
    private volatile long[] sweepArenas = new long[0];

    /** Pages freed by reclaimChunk this cycle. Atomic adds. */
    private final AtomicLong pagesFreed = new AtomicLong();

    PageReclaimer(SweepableHeap<S> heap, Sweeper<S> sweeper, ReclaimScan scan) {
        this.heap = heap;
        this.sweeper = sweeper;
        this.scan = scan;
    }

    /**
     * Starts a cycle: the reclaimer will walk {@code allArenas} from the beginning with no credit. World stopped,
     * heap lock held.
     *
     * @mirrors mgc.go:gcSweep the resets of sweepArenas, reclaimIndex and reclaimCredit
     */
    void startCycle(long[] allArenas) {
        sweepArenas = allArenas.clone();
        reclaimIndex.set(0);
        reclaimCredit.set(0);
        pagesFreed.set(0);
    }

    /**
     * Sweeps and frees at least {@code npage} pages of unmarked in-use spans, spending credit first, unless the
     * whole heap has been scanned this cycle. Must not hold the heap lock; takes it while scanning and drops it
     * around every span it sweeps. Returns the pages it could not find (0 unless the scan ran out); Go's returns
     * nothing, the count only serves accounting checks.
     *
     * @throws IllegalArgumentException when npage is negative
     * @mirrors mheap.go:(*mheap).reclaim
     */
    public long reclaim(long npage) {
        if (npage < 0) {
            throw new IllegalArgumentException("npage must be >= 0, got " + npage);
        }
        if (reclaimIndex.get() < 0) { // >= 2^63 unsigned: done
            return npage;
        }
        heap.acquireM();
        boolean locked = false;
        try {
            long[] arenas = sweepArenas;
            int pagesPerArena = heap.pagesPerArena();
            while (npage > 0) {
                long credit = reclaimCredit.get();
                if (credit > 0) {
                    long take = Math.min(credit, npage);
                    if (reclaimCredit.compareAndSet(credit, credit - take)) {
                        npage -= take;
                    }
                    continue;
                }
                long idx = reclaimIndex.getAndAdd(PAGES_PER_CHUNK);
                if (idx < 0 || idx / pagesPerArena >= arenas.length) {
                    reclaimIndex.set(DONE);
                    break;
                }
                if (!locked) {
                    heap.lockHeap();
                    locked = true;
                }
                long nfound = reclaimChunk(arenas, idx, PAGES_PER_CHUNK);
                if (nfound <= npage) {
                    npage -= nfound;
                } else {
                    reclaimCredit.addAndGet(nfound - npage);
                    npage = 0;
                }
            }
        } finally {
            if (locked) {
                heap.unlockHeap();
            }
            heap.releaseM();
        }
        return npage;
    }

    /**
     * Sweeps the in-use, unmarked spans whose first page lies in the {@code n} pages from global index
     * {@code pageIdx}, returning the pages freed. The heap lock is held on entry and exit and dropped around each
     * sweep, after which the bitmap is read again: neighbouring spans may have been freed meanwhile, and their
     * spans entries must not be trusted.
     *
     * @mirrors mheap.go:(*mheap).reclaimChunk
     */
    long reclaimChunk(long[] arenas, long pageIdx, long n) {
        assert heap.heapLockHeld() : "reclaimChunk needs the heap lock";
        int pagesPerArena = heap.pagesPerArena();
        int sg = heap.sweepgen();
        long nFreed = 0;
        while (n > 0) {
            long ai = arenas[(int) (pageIdx / pagesPerArena)];
            ArenaPageBitmaps bitmaps = heap.arenaBitmaps(ai);
            int arenaPage = (int) (pageIdx % pagesPerArena);
            int firstByte = arenaPage / 8;
            int nbytes = (int) Math.min(bitmaps.pageInUse().sizeBytes() - firstByte, n / 8);
            nFreed += scan == ReclaimScan.BYTEWISE
                    ? scanBytes(ai, bitmaps, firstByte, nbytes, sg)
                    : scanWords(ai, bitmaps, firstByte, nbytes, sg);
            pageIdx += nbytes * 8L;
            n -= nbytes * 8L;
        }
        return nFreed;
    }

    /** Go's loop: a byte at a time. */
    private long scanBytes(long ai, ArenaPageBitmaps bitmaps, int firstByte, int nbytes, int sg) {
        ByteBitmap inUse = bitmaps.pageInUse();
        ByteBitmap marked = bitmaps.pageMarks();
        long nFreed = 0;
        for (int i = firstByte; i < firstByte + nbytes; i++) {
            int inUseUnmarked = (inUse.load8(i) & ~marked.load8(i)) & 0xff;
            if (inUseUnmarked == 0) {
                continue;
            }
            for (int j = 0; j < 8; j++) {
                if ((inUseUnmarked & (1 << j)) != 0) {
                    long freed = sweepIfUnswept(ai, i * 8 + j, sg);
                    if (freed >= 0) {
                        nFreed += freed;
                        inUseUnmarked = (inUse.load8(i) & ~marked.load8(i)) & 0xff;
                    }
                }
            }
        }
        return nFreed;
    }

    /** Eight bytes at a time, skipping empty words; the same pages in the same order as {@link #scanBytes}. */
    private long scanWords(long ai, ArenaPageBitmaps bitmaps, int firstByte, int nbytes, int sg) {
        ByteBitmap inUse = bitmaps.pageInUse();
        ByteBitmap marked = bitmaps.pageMarks();
        long nFreed = 0;
        for (int w = firstByte / 8; w < (firstByte + nbytes) / 8; w++) {
            long inUseUnmarked = inUse.load64(w) & ~marked.load64(w);
            while (inUseUnmarked != 0) {
                int bit = Long.numberOfTrailingZeros(inUseUnmarked);
                inUseUnmarked &= inUseUnmarked - 1;
                long freed = sweepIfUnswept(ai, w * 64 + bit, sg);
                if (freed >= 0) {
                    nFreed += freed;
                    // Re-read, keeping only the pages after this one, as the byte loop does.
                    long later = bit == 63 ? 0 : -1L << (bit + 1);
                    inUseUnmarked = inUse.load64(w) & ~marked.load64(w) & later;
                }
            }
        }
        return nFreed;
    }

    /**
     * Claims and sweeps the span starting at {@code page} of arena {@code ai} if it still needs sweeping; returns
     * the pages freed (0 if swept but kept) or -1 if it was not claimed. Heap lock held on entry and exit.
     */
    private long sweepIfUnswept(long ai, int page, int sg) {
        S s = heap.spanAt(ai, page);
        if (s == null || !SweepGen.tryClaim(s, sg)) {
            return -1;
        }
        long npages = s.npages();
        heap.unlockHeap();
        boolean freed;
        try {
            freed = sweeper.sweepClaimed(s, SweepSource.RECLAIM);
        } finally {
            heap.lockHeap();
        }
        if (freed) {
            pagesFreed.addAndGet(npages);
            return npages;
        }
        return 0;
    }

    /** Deposits pages freed elsewhere (sweepone) as credit. */
    void addCredit(long npages) {
        reclaimCredit.addAndGet(npages);
    }

    /** The current reclaim index (negative when done). */
    public long reclaimIndex() {
        return reclaimIndex.get();
    }

    /** Unspent credit, in pages. */
    public long reclaimCredit() {
        return reclaimCredit.get();
    }

    /** Whether the whole heap has been scanned this cycle. */
    public boolean isDone() {
        return reclaimIndex.get() < 0;
    }

    /** Pages freed by reclaimChunk since the cycle started. */
    public long pagesFreed() {
        return pagesFreed.get();
    }

    /** The scan this reclaimer uses. */
    public ReclaimScan scan() {
        return scan;
    }

    /** The arenas of this cycle, in the order the reclaimer walks them. */
    public long[] sweepArenas() {
        return sweepArenas.clone();
    }
}

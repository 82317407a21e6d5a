package dev.mheap4j.heap.pages;

import static dev.mheap4j.heap.pages.PageAllocLayout.ARENA_BASE_OFFSET;
import static dev.mheap4j.heap.pages.PageAllocLayout.HEAP_ADDR_BITS;
import static dev.mheap4j.heap.pages.PageAllocLayout.LEVEL_BITS;
import static dev.mheap4j.heap.pages.PageAllocLayout.LEVEL_LOG_PAGES;
import static dev.mheap4j.heap.pages.PageAllocLayout.LEVEL_SHIFT;
import static dev.mheap4j.heap.pages.PageAllocLayout.MAX_CHUNKS;
import static dev.mheap4j.heap.pages.PageAllocLayout.MAX_SEARCH_ADDR;
import static dev.mheap4j.heap.pages.PageAllocLayout.MIN_SCAV_ADDR;
import static dev.mheap4j.heap.pages.PageAllocLayout.PAGE_SIZE;
import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_BYTES;
import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_PAGES;
import static dev.mheap4j.heap.pages.PageAllocLayout.SUMMARY_LEVELS;
import static dev.mheap4j.heap.pages.PageAllocLayout.chunkBase;
import static dev.mheap4j.heap.pages.PageAllocLayout.chunkIndex;
import static dev.mheap4j.heap.pages.PageAllocLayout.chunkPageIndex;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's page allocator: address-ordered first fit over a bitmap of 8 KiB pages, sharded into 4 MiB chunks and
 * searched through a 5-level radix tree of packed summaries ({@link PallocSum}), plus the scavenged bitmap the
 * scavenger works on. It manages simulated addresses: nothing is mapped, only metadata is kept.
 *
 * <p><b>Locking.</b> Like Go's {@code pageAlloc}, the allocator has no lock of its own: it assumes its caller holds
 * the heap lock ({@code mheap_.lock}), passed to the constructor. Every entry point states its lock precondition
 * and checks it with {@code assert} (enable assertions with {@code -ea}). {@link #scavenge} and {@link
 * #scavengeOne} take a {@code locked} flag as in Go: with {@code false} they take the lock themselves, and between
 * lock holds they read the bitmaps optimistically without it.
 *
 * <p><b>Memory.</b> Go reserves address space for every summary level and for the chunk array and maps it on
 * demand; here each is a {@link LazyLongArray} whose blocks are allocated when {@link #grow} first covers them, so
 * the cost follows the heap (about 34 MiB of Java heap for a 1 TiB heap, see docs/page-allocator.md).
 *
 * <p><b>No allocation on the fast path.</b> {@link #alloc} returns the base address (0 on failure, as in Go) and
 * leaves the second Go result, the scavenged bytes in the range, in {@link #lastAllocScav()}.
 *
 * <p><b>Bad input.</b> Where Go trusts its caller, this class checks and throws {@link IllegalArgumentException}
 * naming the value, before changing anything: {@code alloc} of {@code npages <= 0} (Go: uintptr cannot be negative,
 * and {@code npages == 0} silently corrupts the bitmap through a range ending before its start); {@code free} of a
 * range that is not page-aligned or not wholly allocated (Go silently clears already-clear bits and updates
 * summaries, so later accounting is wrong; freeing pages of an ungrown chunk corrupts the summaries); {@code grow}
 * with a range that is empty, not chunk-aligned (Go rounds outward silently, but never passes such values), outside
 * the 48-bit linear address space (Go: out-of-range slice index), covering address 0 (Go: impossible, the zero page
 * is never mapped, and 0 is alloc's failure value) or overlapping memory already grown (Go: no check at this commit;
 * the re-grow re-marks the range scavenged and free, silently losing allocations).
 *
 * @mirrors mpagealloc.go:pageAlloc
 */
public final class PageAlloc {

    /** Default physical page size (4 KiB, linux/amd64). */
    public static final long DEFAULT_PHYS_PAGE_SIZE = 4096;

    /** Default transparent huge page size (2 MiB, linux/amd64). */
    public static final long DEFAULT_PHYS_HUGE_PAGE_SIZE = 2L << 20;

    /** A chunk that was never touched reads as this: all pages free, none scavenged (Go's freshly mapped zeros). */
    private static final long[] ZERO_CHUNK = new long[PallocData.CHUNK_WORDS];

    /** log2 of the summary block length (4096 summaries, 32 KiB) below the root level. */
    private static final int SUMMARY_BLOCK_BITS = 12;

    /** log2 of the chunk-array block length in longs: 1024 chunks of 16 longs (128 KiB, 4 GiB of heap). */
    private static final int CHUNK_BLOCK_BITS = 14;

    /** log2 of the grown-bitmap block length in longs: 65,536 chunks (8 KiB, 256 GiB of heap). */
    private static final int GROWN_BLOCK_BITS = 10;

    /**
     * The heap lock ({@code mheap_.lock}); the indirection lets the allocator be tested alone.
     *
     * @mirrors mpagealloc.go:pageAlloc.mheapLock
     */
    private final ReentrantLock mheapLock;

    /** Physical page size in bytes; immutable. Go reads the global {@code physPageSize}. */
    private final long physPageSize;

    /** Huge page size in bytes; immutable. Go reads the global {@code physHugePageSize}. */
    private final long physHugePageSize;

    /**
     * True in tests: scavenging only flips bits, no release accounting. Immutable.
     *
     * @mirrors mpagealloc.go:pageAlloc.test
     */
    private final boolean test;

    /**
     * The radix tree, one implicit level per array (level 0 = root, 16 GiB per summary; level 4 = one per chunk).
     * Written under the heap lock; read under it, and optimistically without it by {@link #scavengeOne}.
     *
     * @mirrors mpagealloc.go:pageAlloc.summary
     */
    private final LazyLongArray[] summary = new LazyLongArray[SUMMARY_LEVELS];

    /**
     * Per-chunk {@link PallocData}, 16 longs per chunk index. A chunk's data is meaningful only if its leaf summary
     * is non-zero. Written under the heap lock; read under it, and optimistically without it by {@link
     * #scavengeOne}.
     *
     * @mirrors mpagealloc.go:pageAlloc.chunks
     */
    private final LazyLongArray chunks;

    /**
     * One bit per chunk index: set once {@link #grow} covered that chunk. Go has no such record at this commit;
     * it backs the overlap check and the invariant check. Written and read under the heap lock.
     */
    private final LazyLongArray grown;

    /**
     * Every grown page below this address (in the linear view) is allocated; {@link PageAllocLayout#MAX_SEARCH_ADDR}
     * means no free page. R/W with the heap lock.
     *
     * @mirrors mpagealloc.go:pageAlloc.searchAddr
     */
    @GuardedBy("mheapLock")
    private long searchAddr;

    /**
     * Where the next scavenge search starts (searches go down); {@link PageAllocLayout#MIN_SCAV_ADDR} means done.
     * R/W with the heap lock.
     *
     * @mirrors mpagealloc.go:pageAlloc.scavAddr
     */
    @GuardedBy("mheapLock")
    private long scavAddr;

    /**
     * Chunk index range {@code [start, end)} known to the allocator (0, 0 before the first grow). R/W with the heap
     * lock; read without it by the optimistic scavenger scan.
     *
     * @mirrors mpagealloc.go:pageAlloc.start
     */
    @GuardedBy("mheapLock")
    private long start;

    /**
     * See {@link #start}.
     *
     * @mirrors mpagealloc.go:pageAlloc.end
     */
    @GuardedBy("mheapLock")
    private long end;

    /** Scavenged bytes in the range of the last successful {@link #alloc} (0 after a failed one). R/W with the lock. */
    @GuardedBy("mheapLock")
    private long lastAllocScav;

    /**
     * Bytes released by the scavenger outside test mode (Go adds them to {@code memstats.heap_released}). R/W with
     * the heap lock.
     */
    @GuardedBy("mheapLock")
    private long heapReleased;

    /** Scratch for {@link #find}: the window sure to contain the first free page (linear, inclusive). Lock held. */
    @GuardedBy("mheapLock")
    private long firstFreeBase;

    /** See {@link #firstFreeBase}. */
    @GuardedBy("mheapLock")
    private long firstFreeBound;

    /** Scratch: {@link #find}'s second result, the candidate searchAddr. Lock held. */
    @GuardedBy("mheapLock")
    private long findSearchAddr;

    /**
     * An allocator with linux/amd64 defaults (4 KiB physical pages, 2 MiB huge pages) in production mode.
     *
     * @param mheapLock the heap lock the caller will hold around every call
     */
    public PageAlloc(ReentrantLock mheapLock) {
        this(mheapLock, DEFAULT_PHYS_PAGE_SIZE, DEFAULT_PHYS_HUGE_PAGE_SIZE, false);
    }

    /**
     * Sets up an empty allocator: no chunk known, {@code searchAddr} at "no free space", {@code scavAddr} at "done".
     *
     * @param mheapLock the heap lock the caller will hold around every call
     * @param physPageSize physical page size in bytes: a power of two, at most 64 runtime pages (512 KiB)
     * @param physHugePageSize huge page size in bytes: 0 (none) or a power of two no larger than a chunk (4 MiB)
     * @param test Go's test mode: scavenging flips bits only and keeps no release statistics
     * @throws IllegalArgumentException naming a page size that breaks those rules
     * @mirrors mpagealloc.go:(*pageAlloc).init
     */
    public PageAlloc(ReentrantLock mheapLock, long physPageSize, long physHugePageSize, boolean test) {
        if (mheapLock == null) {
            throw new IllegalArgumentException("mheapLock = null");
        }
        if (physPageSize <= 0 || (physPageSize & (physPageSize - 1)) != 0
                || physPageSize > PageAllocLayout.MAX_PAGES_PER_PHYS_PAGE * PAGE_SIZE) {
            throw new IllegalArgumentException("physPageSize = " + physPageSize
                    + " must be a power of two <= " + PageAllocLayout.MAX_PAGES_PER_PHYS_PAGE * PAGE_SIZE);
        }
        if (physHugePageSize < 0 || (physHugePageSize & (physHugePageSize - 1)) != 0
                || physHugePageSize > PALLOC_CHUNK_BYTES) {
            throw new IllegalArgumentException("physHugePageSize = " + physHugePageSize
                    + " must be 0 or a power of two <= " + PALLOC_CHUNK_BYTES);
        }
        this.mheapLock = mheapLock;
        this.physPageSize = physPageSize;
        this.physHugePageSize = physHugePageSize;
        this.test = test;
        // sysInit: "reserve" every level; nothing is allocated until grow.
        for (int l = 0; l < SUMMARY_LEVELS; l++) {
            long entries = PageAllocLayout.levelEntries(l);
            int bits = l == 0 ? LEVEL_BITS[0] : SUMMARY_BLOCK_BITS;
            summary[l] = new LazyLongArray(entries, bits);
        }
        this.chunks = new LazyLongArray(MAX_CHUNKS * PallocData.CHUNK_WORDS, CHUNK_BLOCK_BITS);
        this.grown = new LazyLongArray(MAX_CHUNKS / 64, GROWN_BLOCK_BITS);
        this.searchAddr = MAX_SEARCH_ADDR;
        this.scavAddr = MIN_SCAV_ADDR;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    /** The heap lock this allocator was built with. */
    public ReentrantLock mheapLock() {
        return mheapLock;
    }

    /** Physical page size in bytes. */
    public long physPageSize() {
        return physPageSize;
    }

    /** Huge page size in bytes (0: none). */
    public long physHugePageSize() {
        return physHugePageSize;
    }

    /** Whether this allocator runs in Go's test mode. */
    public boolean isTestMode() {
        return test;
    }

    /**
     * The search start address (see the field). Heap lock must be held.
     *
     * @mirrors mpagealloc.go:pageAlloc.searchAddr
     */
    public long searchAddr() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        return searchAddr;
    }

    /**
     * The scavenger's next start address. Heap lock must be held.
     *
     * @mirrors mpagealloc.go:pageAlloc.scavAddr
     */
    public long scavAddr() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        return scavAddr;
    }

    /**
     * First chunk index known to the allocator (0 before the first grow). Heap lock must be held.
     *
     * @mirrors export_test.go:(*PageAlloc).Bounds
     */
    public long start() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        return start;
    }

    /**
     * One past the last chunk index known to the allocator. Heap lock must be held.
     *
     * @mirrors export_test.go:(*PageAlloc).Bounds
     */
    public long end() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        return end;
    }

    /**
     * Go's second {@code alloc} result: bytes of the last successfully allocated range that were scavenged (0 after
     * a failed alloc). Heap lock must be held.
     */
    public long lastAllocScav() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        return lastAllocScav;
    }

    /** Bytes released by scavenging outside test mode (Go's {@code memstats.heap_released} share). Lock held. */
    public long heapReleasedBytes() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        return heapReleased;
    }

    /**
     * Bytes of metadata arrays allocated so far: block payloads plus the block tables (4 bytes per table slot,
     * assuming compressed references). Go charges the mapped part to {@code memstats.gc_sys}. Lock held.
     */
    public long metadataBytes() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        long b = chunks.allocatedPayloadBytes() + 4L * chunks.tableLength();
        b += grown.allocatedPayloadBytes() + 4L * grown.tableLength();
        for (LazyLongArray s : summary) {
            b += s.allocatedPayloadBytes() + 4L * s.tableLength();
        }
        return b;
    }

    /**
     * Whether {@link #grow} has covered chunk {@code ci}. Heap lock must be held.
     */
    public boolean isGrown(long ci) {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        return isGrownLocked(ci);
    }

    private boolean isGrownLocked(long ci) {
        if (ci < 0 || ci >= MAX_CHUNKS) {
            return false;
        }
        return (grown.get(ci >>> 6) & (1L << (ci & 63))) != 0;
    }

    /**
     * Whether page {@code addr} is allocated. Heap lock must be held.
     */
    public boolean isAllocated(long addr) {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        long ci = chunkIndex(addr);
        if (ci >= MAX_CHUNKS) {
            return false;
        }
        long[] b = chunkOrZero(ci);
        return PageBits.get(b, chunkOff(ci, b), chunkPageIndex(addr)) != 0;
    }

    /**
     * Whether page {@code addr} is marked scavenged. Heap lock must be held.
     */
    public boolean isScavenged(long addr) {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        long ci = chunkIndex(addr);
        if (ci >= MAX_CHUNKS) {
            return false;
        }
        long[] b = chunkOrZero(ci);
        return PageBits.get(b, chunkOff(ci, b) + PallocData.SCAVENGED, chunkPageIndex(addr)) != 0;
    }

    /** Summary at {@code level}, index {@code idx}, packed ({@link PallocSum}). Heap lock must be held. */
    public long summary(int level, long idx) {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        return summary[level].get(idx);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Chunk storage helpers

    /** The block holding chunk {@code ci}'s 16 words, allocated on first touch. */
    long[] chunkBlock(long ci) {
        return chunks.block(ci * PallocData.CHUNK_WORDS);
    }

    /** The block holding chunk {@code ci}, or {@link #ZERO_CHUNK} if it was never touched. */
    private long[] chunkOrZero(long ci) {
        long[] b = chunks.blockOrNull(ci * PallocData.CHUNK_WORDS);
        return b == null ? ZERO_CHUNK : b;
    }

    /** Offset of chunk {@code ci} within {@code block} (0 for {@link #ZERO_CHUNK}). */
    private int chunkOff(long ci, long[] block) {
        return block == ZERO_CHUNK ? 0 : chunks.offset(ci * PallocData.CHUNK_WORDS);
    }

    /** A copy of chunk {@code ci}'s 16 words (allocation bitmap, then scavenged bitmap); zeros if never touched. */
    long[] chunkWords(long ci) {
        long[] b = chunkOrZero(ci);
        int off = chunkOff(ci, b);
        return java.util.Arrays.copyOfRange(b, off, off + PallocData.CHUNK_WORDS);
    }

    /** Offset of chunk {@code ci} within its block. */
    int chunkOffset(long ci) {
        return chunks.offset(ci * PallocData.CHUNK_WORDS);
    }

    /**
     * Compares {@code addr} with {@code searchAddr} in the linear view of the address space.
     *
     * @mirrors mpagealloc.go:(*pageAlloc).compareSearchAddrTo
     */
    private int compareSearchAddrTo(long addr) {
        return Long.compareUnsigned(addr + ARENA_BASE_OFFSET, searchAddr + ARENA_BASE_OFFSET);
    }

    // ---------------------------------------------------------------------------------------------------------
    // grow

    /**
     * Adds the address range {@code [base, base+size)} to the heap: its pages become free and scavenged (fresh
     * memory from the OS). Allocates the metadata blocks the range needs.
     *
     * <p>The heap lock must be held.
     *
     * @param base first address, a multiple of 4 MiB
     * @param size bytes, a positive multiple of 4 MiB
     * @throws IllegalArgumentException naming the value if the range is empty or not chunk-aligned, leaves the
     *     48-bit linear address space, covers address 0, or overlaps memory already grown; nothing changes then
     * @mirrors mpagealloc.go:(*pageAlloc).grow
     */
    public void grow(long base, long size) {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        checkGrow(base, size);
        long limit = base + size;

        sysGrow(base, limit);

        boolean firstGrowth = start == 0;
        long s = chunkIndex(base);
        long e = chunkIndex(limit);
        if (firstGrowth || s < start) {
            start = s;
        }
        if (e > end) {
            end = e;
        }
        // Go maps the chunk array for [start, end) here; we allocate the grown chunks' blocks only, and any hole
        // chunk the scavenger writes to is allocated on that first touch.
        chunks.ensure(s * PallocData.CHUNK_WORDS, e * PallocData.CHUNK_WORDS);
        for (long c = s; c < e; c++) {
            grown.set(c >>> 6, grown.get(c >>> 6) | (1L << (c & 63)));
        }

        // Growing frees memory, so searchAddr may have to come down, as in free.
        if (compareSearchAddrTo(base) < 0) {
            searchAddr = base;
        }

        // Fresh memory counts as scavenged.
        for (long c = s; c < e; c++) {
            long[] b = chunkBlock(c);
            PageBits.setAll(b, chunkOffset(c) + PallocData.SCAVENGED);
        }

        update(base, size / PAGE_SIZE, true, false);
    }

    private void checkGrow(long base, long size) {
        if (size <= 0 || size % PALLOC_CHUNK_BYTES != 0) {
            throw new IllegalArgumentException("grow: size = " + size
                    + " must be a positive multiple of the chunk size " + PALLOC_CHUNK_BYTES);
        }
        if ((base & (PALLOC_CHUNK_BYTES - 1)) != 0) {
            throw new IllegalArgumentException("grow: base = 0x" + Long.toHexString(base)
                    + " is not aligned to the chunk size " + PALLOC_CHUNK_BYTES);
        }
        long linearBase = base + ARENA_BASE_OFFSET;
        long space = 1L << HEAP_ADDR_BITS;
        if (linearBase < 0 || linearBase >= space || size > space - linearBase) {
            throw new IllegalArgumentException("grow: range [0x" + Long.toHexString(base) + ", +" + size
                    + ") leaves the " + HEAP_ADDR_BITS + "-bit linear address space");
        }
        if (linearBase <= ARENA_BASE_OFFSET && ARENA_BASE_OFFSET < linearBase + size) {
            throw new IllegalArgumentException("grow: range [0x" + Long.toHexString(base) + ", +" + size
                    + ") covers address 0, which alloc uses to report failure");
        }
        for (long c = chunkIndex(base), e = chunkIndex(base + size); c < e; c++) {
            if (isGrownLocked(c)) {
                throw new IllegalArgumentException("grow: range [0x" + Long.toHexString(base) + ", +" + size
                        + ") overlaps grown chunk " + c + " at 0x" + Long.toHexString(chunkBase(c)));
            }
        }
    }

    /**
     * Makes sure the summary blocks covering {@code [base, limit)} exist at every level, block-aligned as Go
     * block-aligns its mappings (a parent's 8 children must all be readable).
     *
     * @mirrors mpagealloc_64bit.go:(*pageAlloc).sysGrow
     */
    private void sysGrow(long base, long limit) {
        for (int l = SUMMARY_LEVELS - 1; l >= 0; l--) {
            long lo = PageAllocLayout.blockAlignDown(l, PageAllocLayout.summaryLo(l, base));
            long hi = PageAllocLayout.blockAlignUp(l, PageAllocLayout.summaryHi(l, limit));
            summary[l].ensure(lo, hi);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // update

    /**
     * Recomputes the summaries after the bitmaps of {@code [base, base+npages*pageSize)} changed: the leaves
     * first (one chunk: recompute and stop early if unchanged; several chunks after a contiguous change: recompute
     * the two ends, set the interior to all-allocated or all-free; otherwise recompute each), then each level above
     * from its children until a level does not change.
     *
     * <p>The heap lock must be held.
     *
     * @mirrors mpagealloc.go:(*pageAlloc).update
     */
    void update(long base, long npages, boolean contig, boolean alloc) {
        long limit = base + npages * PAGE_SIZE - 1;
        long sc = chunkIndex(base);
        long ec = chunkIndex(limit);
        LazyLongArray leaves = summary[SUMMARY_LEVELS - 1];

        if (sc == ec) {
            long x = leaves.get(sc);
            long[] b = chunkOrZero(sc);
            long y = PallocBits.summarize(b, chunkOff(sc, b));
            if (x == y) {
                return;
            }
            leaves.set(sc, y);
        } else if (contig) {
            long[] b = chunkOrZero(sc);
            leaves.set(sc, PallocBits.summarize(b, chunkOff(sc, b)));
            long whole = alloc ? 0 : PallocSum.FREE_CHUNK_SUM;
            for (long c = sc + 1; c < ec; c++) {
                leaves.set(c, whole);
            }
            b = chunkOrZero(ec);
            leaves.set(ec, PallocBits.summarize(b, chunkOff(ec, b)));
        } else {
            for (long c = sc; c <= ec; c++) {
                long[] b = chunkOrZero(c);
                leaves.set(c, PallocBits.summarize(b, chunkOff(c, b)));
            }
        }

        boolean changed = true;
        for (int l = SUMMARY_LEVELS - 2; l >= 0 && changed; l--) {
            changed = false;
            int logEntriesPerBlock = LEVEL_BITS[l + 1];
            int logMaxPages = LEVEL_LOG_PAGES[l + 1];
            long lo = PageAllocLayout.summaryLo(l, base);
            long hi = PageAllocLayout.summaryHi(l, limit + 1);
            LazyLongArray children = summary[l + 1];
            LazyLongArray parents = summary[l];
            for (long i = lo; i < hi; i++) {
                long first = i << logEntriesPerBlock;
                long[] cb = children.blockOrNull(first);
                long sum = cb == null
                        ? 0
                        : PallocSum.mergeSummaries(cb, children.offset(first), 1 << logEntriesPerBlock, logMaxPages);
                if (parents.get(i) != sum) {
                    changed = true;
                    parents.set(i, sum);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // alloc

    /**
     * Marks {@code [base, base+npages*pageSize)} allocated, clears its scavenged bits and updates the summaries.
     * Returns the bytes of the range that were scavenged. The heap lock must be held.
     *
     * @mirrors mpagealloc.go:(*pageAlloc).allocRange
     */
    long allocRange(long base, long npages) {
        long limit = base + npages * PAGE_SIZE - 1;
        long sc = chunkIndex(base);
        long ec = chunkIndex(limit);
        int si = chunkPageIndex(base);
        int ei = chunkPageIndex(limit);

        long scav = 0;
        if (sc == ec) {
            long[] b = chunkBlock(sc);
            int off = chunkOffset(sc);
            scav += PageBits.popcntRange(b, off + PallocData.SCAVENGED, si, ei + 1 - si);
            PallocData.allocRange(b, off, si, ei + 1 - si);
        } else {
            long[] b = chunkBlock(sc);
            int off = chunkOffset(sc);
            scav += PageBits.popcntRange(b, off + PallocData.SCAVENGED, si, PALLOC_CHUNK_PAGES - si);
            PallocData.allocRange(b, off, si, PALLOC_CHUNK_PAGES - si);
            for (long c = sc + 1; c < ec; c++) {
                b = chunkBlock(c);
                off = chunkOffset(c);
                scav += PageBits.popcntRange(b, off + PallocData.SCAVENGED, 0, PALLOC_CHUNK_PAGES);
                PallocData.allocAll(b, off);
            }
            b = chunkBlock(ec);
            off = chunkOffset(ec);
            scav += PageBits.popcntRange(b, off + PallocData.SCAVENGED, 0, ei + 1);
            PallocData.allocRange(b, off, 0, ei + 1);
        }
        update(base, npages, true, true);
        return scav * PAGE_SIZE;
    }

    /** Narrows the first-free window to {@code [addr, addr+size)} if it lies inside it (linear addresses). */
    private void foundFree(long addr, long size) {
        long last = addr + size - 1;
        if (firstFreeBase <= addr && last <= firstFreeBound) {
            firstFreeBase = addr;
            firstFreeBound = last;
        } else if (!(last < firstFreeBase || addr > firstFreeBound)) {
            throw new IllegalStateException("range partially overlaps: addr = 0x" + Long.toHexString(addr)
                    + ", size = " + size + ", window = [0x" + Long.toHexString(firstFreeBase) + ", 0x"
                    + Long.toHexString(firstFreeBound) + "]");
        }
    }

    /**
     * Slow path: walks the radix tree from the root for the first (lowest-address) run of {@code npages} free pages.
     * At each level it scans one block of summaries (the whole root level), starting at searchAddr's entry when the
     * block is searchAddr's, and either descends into the first summary whose max fits, or finds the run across
     * summary boundaries using ends and starts. Returns the run's address or 0, and leaves in {@link
     * #findSearchAddr} a candidate searchAddr: the start of the narrowest window known to hold the first free page.
     *
     * <p>The heap lock must be held.
     *
     * @throws IllegalStateException "bad summary data" when a parent's summary promised a run its children lack
     * @mirrors mpagealloc.go:(*pageAlloc).find
     */
    private long find(long npages) {
        long i = 0;
        firstFreeBase = 0;
        firstFreeBound = (1L << HEAP_ADDR_BITS) - 1;
        long lastSum = 0;
        long lastSumIdx = -1;

        nextLevel:
        for (int l = 0; l < SUMMARY_LEVELS; l++) {
            int entriesPerBlock = 1 << LEVEL_BITS[l];
            int logMaxPages = LEVEL_LOG_PAGES[l];
            long fullPages = 1L << logMaxPages;
            i <<= LEVEL_BITS[l];
            long[] entries = summary[l].blockOrNull(i);
            int eoff = summary[l].offset(i);

            int j0 = 0;
            long searchIdx = (searchAddr + ARENA_BASE_OFFSET) >>> LEVEL_SHIFT[l];
            if ((searchIdx & ~(long) (entriesPerBlock - 1)) == i) {
                j0 = (int) (searchIdx & (entriesPerBlock - 1));
            }

            // base: first page (relative to the block) of the run being tracked; size: its length.
            long base = 0;
            long size = 0;
            if (entries != null) {
                for (int j = j0; j < entriesPerBlock; j++) {
                    long sum = entries[eoff + j];
                    if (sum == 0) {
                        size = 0;
                        continue;
                    }
                    foundFree((i + j) << LEVEL_SHIFT[l], fullPages * PAGE_SIZE);

                    long s = PallocSum.start(sum);
                    if (size + s >= npages) {
                        if (size == 0) {
                            base = (long) j << logMaxPages;
                        }
                        size += s;
                        break;
                    }
                    if (PallocSum.max(sum) >= npages) {
                        i += j;
                        lastSumIdx = i;
                        lastSum = sum;
                        continue nextLevel;
                    }
                    if (size == 0 || s < fullPages) {
                        size = PallocSum.end(sum);
                        base = ((long) (j + 1) << logMaxPages) - size;
                        continue;
                    }
                    size += fullPages;
                }
            }
            if (size >= npages) {
                long addr = (i << LEVEL_SHIFT[l]) - ARENA_BASE_OFFSET + base * PAGE_SIZE;
                findSearchAddr = firstFreeBase - ARENA_BASE_OFFSET;
                return addr;
            }
            if (l == 0) {
                findSearchAddr = MAX_SEARCH_ADDR;
                return 0;
            }
            throw new IllegalStateException("bad summary data: summary[" + (l - 1) + "][" + lastSumIdx + "] = "
                    + PallocSum.toString(lastSum) + ", level = " + l + ", npages = " + npages + ", j0 = " + j0
                    + ", searchAddr = 0x" + Long.toHexString(searchAddr) + ", i = " + i);
        }

        // Every level said "inside this summary": i is now a chunk index whose bitmap holds the run.
        long ci = i;
        long[] b = chunkOrZero(ci);
        int off = chunkOff(ci, b);
        long r = PallocBits.find(b, off, npages, 0);
        int j = PallocBits.foundIndex(r);
        if (j < 0) {
            throw new IllegalStateException("bad summary data: summary[" + (SUMMARY_LEVELS - 1) + "][" + ci + "] = "
                    + PallocSum.toString(summary[SUMMARY_LEVELS - 1].get(ci)) + ", npages = " + npages);
        }
        long addr = chunkBase(ci) + (long) j * PAGE_SIZE;
        long sa = chunkBase(ci) + (long) PallocBits.foundSearchIndex(r) * PAGE_SIZE;
        foundFree(sa + ARENA_BASE_OFFSET, chunkBase(ci + 1) - sa);
        findSearchAddr = firstFreeBase - ARENA_BASE_OFFSET;
        return addr;
    }

    /**
     * Allocates the lowest-addressed run of {@code npages} free pages. Returns its base address, or 0 if no run is
     * large enough; the bytes of the run that were scavenged are then readable from {@link #lastAllocScav()} (Go
     * returns them as a second result). Allocates no Java object.
     *
     * <p>The heap lock must be held.
     *
     * @throws IllegalArgumentException if {@code npages <= 0}; nothing changes then
     * @mirrors mpagealloc.go:(*pageAlloc).alloc
     */
    public long alloc(long npages) {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        if (npages <= 0) {
            throw new IllegalArgumentException("alloc: npages = " + npages + " must be positive");
        }
        lastAllocScav = 0;
        if (chunkIndex(searchAddr) >= end) {
            return 0;
        }
        long addr;
        long newSearchAddr;
        int spi = chunkPageIndex(searchAddr);
        fast:
        {
            if (PALLOC_CHUNK_PAGES - spi >= npages) {
                long ci = chunkIndex(searchAddr);
                long max = PallocSum.max(summary[SUMMARY_LEVELS - 1].get(ci));
                if (max >= npages) {
                    long[] b = chunkBlock(ci);
                    long r = PallocBits.find(b, chunkOffset(ci), npages, spi);
                    int j = PallocBits.foundIndex(r);
                    if (j < 0) {
                        throw new IllegalStateException("bad summary data: max = " + max + ", npages = " + npages
                                + ", searchIdx = " + spi + ", searchAddr = 0x" + Long.toHexString(searchAddr));
                    }
                    addr = chunkBase(ci) + (long) j * PAGE_SIZE;
                    newSearchAddr = chunkBase(ci) + (long) PallocBits.foundSearchIndex(r) * PAGE_SIZE;
                    break fast;
                }
            }
            addr = find(npages);
            newSearchAddr = findSearchAddr;
            if (addr == 0) {
                if (npages == 1) {
                    // Not even one page is free: the heap is exhausted.
                    searchAddr = MAX_SEARCH_ADDR;
                }
                return 0;
            }
        }
        lastAllocScav = allocRange(addr, npages);
        if (compareSearchAddrTo(newSearchAddr) > 0) {
            searchAddr = newSearchAddr;
        }
        return addr;
    }

    // ---------------------------------------------------------------------------------------------------------
    // free

    /**
     * Returns {@code npages} pages at {@code base} to the heap. Scavenged bits are left as they are (all clear,
     * since the pages were allocated).
     *
     * <p>The heap lock must be held.
     *
     * @throws IllegalArgumentException naming the value if {@code npages <= 0}, {@code base} is not page-aligned,
     *     the range leaves the address space, or any page of it is not allocated; nothing changes then
     * @mirrors mpagealloc.go:(*pageAlloc).free
     */
    public void free(long base, long npages) {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        checkFree(base, npages);
        if (compareSearchAddrTo(base) < 0) {
            searchAddr = base;
        }
        if (npages == 1) {
            long ci = chunkIndex(base);
            PallocBits.free1(chunkBlock(ci), chunkOffset(ci), chunkPageIndex(base));
        } else {
            long limit = base + npages * PAGE_SIZE - 1;
            long sc = chunkIndex(base);
            long ec = chunkIndex(limit);
            int si = chunkPageIndex(base);
            int ei = chunkPageIndex(limit);
            if (sc == ec) {
                PallocBits.free(chunkBlock(sc), chunkOffset(sc), si, ei + 1 - si);
            } else {
                PallocBits.free(chunkBlock(sc), chunkOffset(sc), si, PALLOC_CHUNK_PAGES - si);
                for (long c = sc + 1; c < ec; c++) {
                    PallocBits.freeAll(chunkBlock(c), chunkOffset(c));
                }
                PallocBits.free(chunkBlock(ec), chunkOffset(ec), 0, ei + 1);
            }
        }
        update(base, npages, true, false);
    }

    private void checkFree(long base, long npages) {
        if (npages <= 0) {
            throw new IllegalArgumentException("free: npages = " + npages + " must be positive");
        }
        if ((base & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("free: base = 0x" + Long.toHexString(base) + " is not page-aligned");
        }
        long linearBase = base + ARENA_BASE_OFFSET;
        long space = 1L << HEAP_ADDR_BITS;
        if (linearBase < 0 || linearBase >= space || npages > (space - linearBase) / PAGE_SIZE) {
            throw new IllegalArgumentException("free: range 0x" + Long.toHexString(base) + " + " + npages
                    + " pages leaves the " + HEAP_ADDR_BITS + "-bit linear address space");
        }
        long allocated;
        if (npages == 1) {
            long ci = chunkIndex(base);
            long[] b = chunkOrZero(ci);
            allocated = PageBits.get(b, chunkOff(ci, b), chunkPageIndex(base));
        } else {
            allocated = 0;
            long limit = base + npages * PAGE_SIZE - 1;
            long sc = chunkIndex(base);
            long ec = chunkIndex(limit);
            for (long c = sc; c <= ec; c++) {
                int from = c == sc ? chunkPageIndex(base) : 0;
                int to = c == ec ? chunkPageIndex(limit) + 1 : PALLOC_CHUNK_PAGES;
                long[] b = chunkOrZero(c);
                allocated += PageBits.popcntRange(b, chunkOff(c, b), from, to - from);
            }
        }
        if (allocated != npages) {
            throw new IllegalArgumentException("free: " + npages + " pages at 0x" + Long.toHexString(base)
                    + " are not all allocated (" + allocated + " of them are)");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // scavenging

    private void lockHeap(boolean locked) {
        if (!locked) {
            mheapLock.lock();
        }
    }

    private void unlockHeap(boolean locked) {
        if (!locked) {
            mheapLock.unlock();
        }
    }

    private void checkLockMode(boolean locked) {
        assert locked == mheapLock.isHeldByCurrentThread()
                : (locked ? "mheap lock must be held (locked = true)" : "mheap lock must not be held (locked = false)");
    }

    /** Huge page size in runtime pages when huge pages matter (larger than both page sizes), else 0. */
    private long pagesPerHugePage() {
        if (physHugePageSize > PAGE_SIZE && physHugePageSize > physPageSize) {
            return physHugePageSize / PAGE_SIZE;
        }
        return 0;
    }

    /**
     * Scavenges free pages, highest first, until at least {@code nbytes} bytes were released or nothing is left
     * (pass -1, Go's {@code ^uintptr(0)}, for "everything"). Returns the bytes released.
     *
     * <p>If {@code locked} is false the heap lock must NOT be held (it is taken around each step); if true it must
     * be held.
     *
     * @mirrors mgcscavenge.go:(*pageAlloc).scavenge
     */
    public long scavenge(long nbytes, boolean locked) {
        checkLockMode(locked);
        long released = 0;
        while (Long.compareUnsigned(released, nbytes) < 0) {
            long r = scavengeOne(nbytes - released, locked);
            if (r == 0) {
                break;
            }
            released += r;
        }
        return released;
    }

    /**
     * Restarts the scavenger from the top of the heap ({@code chunkBase(end) - 1}). The heap lock must be held.
     *
     * @mirrors mgcscavenge.go:(*pageAlloc).resetScavengeAddr
     */
    public void resetScavengeAddr() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        scavAddr = chunkBase(end) - 1;
    }

    /**
     * Walks down from {@code scavAddr} to the first free, unscavenged run of whole physical pages, scavenges up to
     * {@code max} bytes of it (more to avoid breaking a huge page, at least one physical page) and returns the bytes
     * scavenged; returns 0 and sets {@code scavAddr} to "done" when nothing is left. {@code max} is unsigned (-1 =
     * no limit).
     *
     * <p>As at the seed commit, the first probe searches the chunk at {@code scavAddr} without first checking its
     * summary, so after scavenging the lowest page of a chunk that borders a hole, the probe may take the hole's
     * never-grown (all-zero, hence "free and unscavenged") chunk as a candidate; Go fixed this later (d183253572).
     * Here, as in Go, that marks the hole chunk's scavenged bits and reports the bytes.
     *
     * <p>If {@code locked} is false the heap lock must NOT be held: it is taken around each step and the search
     * between steps reads the bitmaps optimistically without it. If true it must be held.
     *
     * @mirrors mgcscavenge.go:(*pageAlloc).scavengeOne
     */
    public long scavengeOne(long max, boolean locked) {
        checkLockMode(locked);
        long maxPages = Long.divideUnsigned(max, PAGE_SIZE);
        if (Long.remainderUnsigned(max, PAGE_SIZE) != 0) {
            maxPages++;
        }
        long minPages = Math.max(physPageSize / PAGE_SIZE, 1);
        long hugePages = pagesPerHugePage();

        long top;
        long startNow;
        lockHeap(locked);
        try {
            top = chunkIndex(scavAddr);
            // end == 0: nothing grown yet (Go would index an empty chunk slice here).
            if (top < start || end == 0) {
                return 0;
            }
            long ci = top;
            long[] b = chunkOrZero(ci);
            long cand = PallocData.findScavengeCandidate(
                    b, chunkOff(ci, b), chunkPageIndex(scavAddr), minPages, maxPages, hugePages);
            int npages = PallocData.candidateSize(cand);
            if (npages != 0) {
                scavengeRangeLocked(ci, PallocData.candidateStart(cand), npages);
                return npages * PAGE_SIZE;
            }
            startNow = start;
        } finally {
            unlockHeap(locked);
        }

        // Slow path: look optimistically (without the lock if locked == false) for a chunk with a candidate, then
        // verify under the lock.
        for (long i = top - 1; i >= startNow; i--) {
            // Check the summary first: never-grown chunks have a zero summary and a zero (free-looking) bitmap.
            if (PallocSum.max(summary[SUMMARY_LEVELS - 1].get(i)) < minPages) {
                continue;
            }
            long[] b = chunkOrZero(i);
            if (!PallocData.hasScavengeCandidate(b, chunkOff(i, b), minPages)) {
                continue;
            }
            lockHeap(locked);
            try {
                b = chunkOrZero(i);
                long cand = PallocData.findScavengeCandidate(
                        b, chunkOff(i, b), PALLOC_CHUNK_PAGES - 1, minPages, maxPages, hugePages);
                int npages = PallocData.candidateSize(cand);
                if (npages > 0) {
                    scavengeRangeLocked(i, PallocData.candidateStart(cand), npages);
                    return npages * PAGE_SIZE;
                }
                // Fooled by a racing change: everything from here up is done.
                scavAddr = chunkBase(i - 1) + PALLOC_CHUNK_PAGES * PAGE_SIZE - 1;
            } finally {
                unlockHeap(locked);
            }
        }

        lockHeap(locked);
        try {
            scavAddr = MIN_SCAV_ADDR;
        } finally {
            unlockHeap(locked);
        }
        return 0;
    }

    /**
     * Marks pages {@code [base, base+npages)} of chunk {@code ci} scavenged and moves {@code scavAddr} just below
     * them; outside test mode also counts the bytes as released (Go also returns the memory to the OS here).
     * The heap lock must be held.
     *
     * @mirrors mgcscavenge.go:(*pageAlloc).scavengeRangeLocked
     */
    private void scavengeRangeLocked(long ci, int base, int npages) {
        PageBits.setRange(chunkBlock(ci), chunkOffset(ci) + PallocData.SCAVENGED, base, npages);
        long addr = chunkBase(ci) + (long) base * PAGE_SIZE;
        scavAddr = addr - 1;
        if (test) {
            return;
        }
        heapReleased += npages * PAGE_SIZE;
    }

    // ---------------------------------------------------------------------------------------------------------
    // State inspection

    /**
     * A deep copy of the whole state (addresses, bounds, statistics and every non-zero metadata block), comparable
     * with {@code equals}; meant for tests ("a rejected call changed nothing"). The heap lock must be held.
     */
    public PageAllocState snapshot() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        java.util.List<java.util.SortedMap<Integer, long[]>> levels = new java.util.ArrayList<>();
        for (LazyLongArray s : summary) {
            levels.add(s.nonZeroBlocks());
        }
        return new PageAllocState(searchAddr, scavAddr, start, end, lastAllocScav, heapReleased, levels,
                chunks.nonZeroBlocks(), grown.nonZeroBlocks());
    }

    /**
     * Checks the allocator's invariants and throws {@link IllegalStateException} describing the first violation:
     * every leaf summary equals the summary recomputed from its chunk's bitmap (zero for never-grown chunks); every
     * summary above equals the merge of its 8 children; no page is both allocated and scavenged; every grown page
     * below {@code searchAddr} is allocated. Cost is linear in the chunks between {@code start} and {@code end}. The
     * heap lock must be held.
     *
     * @mirrors export_test.go:CheckScavengedBitsCleared plus the summary and searchAddr invariants
     */
    public void checkInvariants() {
        assert mheapLock.isHeldByCurrentThread() : "mheap lock must be held";
        if (end == 0) {
            return;
        }
        LazyLongArray leaves = summary[SUMMARY_LEVELS - 1];
        long searchLinear = searchAddr + ARENA_BASE_OFFSET;
        for (long c = start; c < end; c++) {
            long[] b = chunkOrZero(c);
            int off = chunkOff(c, b);
            long want = isGrownLocked(c) ? PallocBits.summarize(b, off) : 0;
            if (leaves.get(c) != want) {
                throw new IllegalStateException("leaf summary of chunk " + c + " is "
                        + PallocSum.toString(leaves.get(c)) + ", bitmap says " + PallocSum.toString(want));
            }
            for (int w = 0; w < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; w++) {
                long both = b[off + w] & b[off + PallocData.SCAVENGED + w];
                if (both != 0) {
                    throw new IllegalStateException("chunk " + c + " word " + w + ": pages both allocated and"
                            + " scavenged: 0x" + Long.toHexString(both));
                }
            }
            if (isGrownLocked(c)) {
                for (int p = 0; p < PALLOC_CHUNK_PAGES; p++) {
                    long linear = (c << PageAllocLayout.LOG_PALLOC_CHUNK_BYTES) + p * PAGE_SIZE;
                    if (Long.compareUnsigned(linear, searchLinear) >= 0) {
                        break;
                    }
                    if (PageBits.get(b, off, p) == 0) {
                        throw new IllegalStateException("page " + p + " of chunk " + c
                                + " is free but below searchAddr 0x" + Long.toHexString(searchAddr));
                    }
                }
            }
        }
        long lowAddr = chunkBase(start);
        long highAddr = chunkBase(end);
        for (int l = SUMMARY_LEVELS - 2; l >= 0; l--) {
            long lo = PageAllocLayout.summaryLo(l, lowAddr);
            long hi = PageAllocLayout.summaryHi(l, highAddr);
            for (long i = lo; i < hi; i++) {
                long first = i << LEVEL_BITS[l + 1];
                long[] cb = summary[l + 1].blockOrNull(first);
                long want = cb == null
                        ? 0
                        : PallocSum.mergeSummaries(cb, summary[l + 1].offset(first), 1 << LEVEL_BITS[l + 1],
                                LEVEL_LOG_PAGES[l + 1]);
                if (summary[l].get(i) != want) {
                    throw new IllegalStateException("summary[" + l + "][" + i + "] is "
                            + PallocSum.toString(summary[l].get(i)) + ", children merge to "
                            + PallocSum.toString(want));
                }
            }
        }
    }
}

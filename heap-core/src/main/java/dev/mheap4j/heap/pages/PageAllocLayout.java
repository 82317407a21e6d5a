package dev.mheap4j.heap.pages;

/**
 * Layout constants and index math of the page allocator on linux/amd64, in one place.
 *
 * <p>Deliberately independent of the arena-bitmap module's layout class: the page allocator is reusable alone, and
 * it only needs the handful of values below. Addresses are Java {@code long}s holding Go's {@code uintptr} bits;
 * index math adds {@link #ARENA_BASE_OFFSET} (wrapping, as Go's unsigned arithmetic does) to get the linear view of
 * the address space and shifts with {@code >>>} so that the result is the unsigned quotient.
 */
public final class PageAllocLayout {

    private PageAllocLayout() {}

    /**
     * log2 of the runtime page size.
     *
     * @mirrors malloc.go:_PageShift
     */
    public static final int PAGE_SHIFT = 13;

    /**
     * Runtime page size in bytes (8 KiB).
     *
     * @mirrors malloc.go:pageSize
     */
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    /**
     * Number of address bits the heap may use on linux/amd64.
     *
     * @mirrors malloc.go:heapAddrBits
     */
    public static final int HEAP_ADDR_BITS = 48;

    /**
     * Added to an address to get its position in the linear view of the address space (2^47 on amd64, which maps
     * the upper canonical half below the lower one).
     *
     * @mirrors malloc.go:arenaBaseOffset
     */
    public static final long ARENA_BASE_OFFSET = 1L << 47;

    /**
     * log2 of the pages per chunk.
     *
     * @mirrors mpagealloc.go:logPallocChunkPages
     */
    public static final int LOG_PALLOC_CHUNK_PAGES = 9;

    /**
     * Pages per bitmap chunk (512).
     *
     * @mirrors mpagealloc.go:pallocChunkPages
     */
    public static final int PALLOC_CHUNK_PAGES = 1 << LOG_PALLOC_CHUNK_PAGES;

    /**
     * log2 of the bytes per chunk (22).
     *
     * @mirrors mpagealloc.go:logPallocChunkBytes
     */
    public static final int LOG_PALLOC_CHUNK_BYTES = LOG_PALLOC_CHUNK_PAGES + PAGE_SHIFT;

    /**
     * Bytes per chunk (4 MiB).
     *
     * @mirrors mpagealloc.go:pallocChunkBytes
     */
    public static final long PALLOC_CHUNK_BYTES = 1L << LOG_PALLOC_CHUNK_BYTES;

    /** 64-bit words in one chunk's page bitmap (8). */
    public static final int WORDS_PER_CHUNK_BITMAP = PALLOC_CHUNK_PAGES / 64;

    /**
     * Levels of the summary radix tree on 64-bit platforms.
     *
     * @mirrors mpagealloc_64bit.go:summaryLevels
     */
    public static final int SUMMARY_LEVELS = 5;

    /**
     * Radix bits of every level below the root (8 children per summary: one 64-byte block).
     *
     * @mirrors mpagealloc.go:summaryLevelBits
     */
    public static final int SUMMARY_LEVEL_BITS = 3;

    /**
     * Radix bits of the root level (14).
     *
     * @mirrors mpagealloc.go:summaryL0Bits
     */
    public static final int SUMMARY_L0_BITS =
            HEAP_ADDR_BITS - LOG_PALLOC_CHUNK_BYTES - (SUMMARY_LEVELS - 1) * SUMMARY_LEVEL_BITS;

    /**
     * Radix bits per level: {14, 3, 3, 3, 3}.
     *
     * @mirrors mpagealloc_64bit.go:levelBits
     */
    static final int[] LEVEL_BITS = {
        SUMMARY_L0_BITS, SUMMARY_LEVEL_BITS, SUMMARY_LEVEL_BITS, SUMMARY_LEVEL_BITS, SUMMARY_LEVEL_BITS
    };

    /**
     * Shift from a linear address to its summary index per level: {34, 31, 28, 25, 22}.
     *
     * @mirrors mpagealloc_64bit.go:levelShift
     */
    static final int[] LEVEL_SHIFT = {
        HEAP_ADDR_BITS - SUMMARY_L0_BITS,
        HEAP_ADDR_BITS - SUMMARY_L0_BITS - SUMMARY_LEVEL_BITS,
        HEAP_ADDR_BITS - SUMMARY_L0_BITS - 2 * SUMMARY_LEVEL_BITS,
        HEAP_ADDR_BITS - SUMMARY_L0_BITS - 3 * SUMMARY_LEVEL_BITS,
        HEAP_ADDR_BITS - SUMMARY_L0_BITS - 4 * SUMMARY_LEVEL_BITS,
    };

    /**
     * log2 of the pages one summary covers per level: {21, 18, 15, 12, 9}.
     *
     * @mirrors mpagealloc_64bit.go:levelLogPages
     */
    static final int[] LEVEL_LOG_PAGES = {
        LOG_PALLOC_CHUNK_PAGES + 4 * SUMMARY_LEVEL_BITS,
        LOG_PALLOC_CHUNK_PAGES + 3 * SUMMARY_LEVEL_BITS,
        LOG_PALLOC_CHUNK_PAGES + 2 * SUMMARY_LEVEL_BITS,
        LOG_PALLOC_CHUNK_PAGES + SUMMARY_LEVEL_BITS,
        LOG_PALLOC_CHUNK_PAGES,
    };

    /** Number of chunks in the whole 48-bit address space (2^26). */
    public static final long MAX_CHUNKS = 1L << (HEAP_ADDR_BITS - LOG_PALLOC_CHUNK_BYTES);

    /**
     * searchAddr value meaning "no free space": the largest address in the linear view.
     *
     * @mirrors mpagealloc.go:maxSearchAddr
     */
    public static final long MAX_SEARCH_ADDR = -1L - ARENA_BASE_OFFSET;

    /**
     * scavAddr value meaning "the scavenger is done": the address whose linear position is 0.
     *
     * @mirrors mpagealloc.go:minScavAddr
     */
    public static final long MIN_SCAV_ADDR = -ARENA_BASE_OFFSET;

    /**
     * Largest physical page in runtime pages that the scavenger supports (64, i.e. 512 KiB physical pages).
     *
     * @mirrors mgcscavenge.go:maxPagesPerPhysPage
     */
    public static final int MAX_PAGES_PER_PHYS_PAGE = 64;

    /**
     * Entries in summary level {@code level}: {@code 1 << (heapAddrBits - levelShift[level])}.
     *
     * @mirrors mpagealloc_64bit.go:(*pageAlloc).sysInit
     */
    static long levelEntries(int level) {
        return 1L << (HEAP_ADDR_BITS - LEVEL_SHIFT[level]);
    }

    /**
     * Global index of the chunk holding address {@code p}.
     *
     * @mirrors mpagealloc.go:chunkIndex
     */
    public static long chunkIndex(long p) {
        return (p + ARENA_BASE_OFFSET) >>> LOG_PALLOC_CHUNK_BYTES;
    }

    /**
     * Base address of chunk {@code ci}.
     *
     * @mirrors mpagealloc.go:chunkBase
     */
    public static long chunkBase(long ci) {
        return (ci << LOG_PALLOC_CHUNK_BYTES) - ARENA_BASE_OFFSET;
    }

    /**
     * Index, within its chunk, of the page holding {@code p}.
     *
     * @mirrors mpagealloc.go:chunkPageIndex
     */
    public static int chunkPageIndex(long p) {
        return (int) ((p & (PALLOC_CHUNK_BYTES - 1)) >>> PAGE_SHIFT);
    }

    /**
     * Address of page {@code pageIdx} of chunk {@code ci}; Go's test helper, handy for callers too.
     *
     * @mirrors export_test.go:PageBase
     */
    public static long pageBase(long ci, long pageIdx) {
        return chunkBase(ci) + pageIdx * PAGE_SIZE;
    }

    /**
     * First summary index at {@code level} touched by addresses {@code [base, limit)} (inclusive).
     *
     * @mirrors mpagealloc.go:addrsToSummaryRange
     */
    static long summaryLo(int level, long base) {
        return (base + ARENA_BASE_OFFSET) >>> LEVEL_SHIFT[level];
    }

    /**
     * One past the last summary index at {@code level} touched by addresses {@code [base, limit)}: the limit is
     * made inclusive before shifting so that a limit on a summary boundary does not count the next summary.
     *
     * @mirrors mpagealloc.go:addrsToSummaryRange
     */
    static long summaryHi(int level, long limit) {
        return ((limit - 1 + ARENA_BASE_OFFSET) >>> LEVEL_SHIFT[level]) + 1;
    }

    /**
     * Rounds summary index {@code lo} down to the start of its block at {@code level}.
     *
     * @mirrors mpagealloc.go:blockAlignSummaryRange
     */
    static long blockAlignDown(int level, long lo) {
        long e = 1L << LEVEL_BITS[level];
        return lo & -e;
    }

    /**
     * Rounds summary index {@code hi} up to a block boundary at {@code level}.
     *
     * @mirrors mpagealloc.go:blockAlignSummaryRange
     */
    static long blockAlignUp(int level, long hi) {
        long e = 1L << LEVEL_BITS[level];
        return (hi + e - 1) & -e;
    }
}

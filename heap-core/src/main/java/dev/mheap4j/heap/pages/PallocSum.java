package dev.mheap4j.heap.pages;

/**
 * Packed summaries as plain {@code long}s (no object per summary): three 21-bit counts of free pages in a region,
 * {@code start} (free pages at its low end, bits 0..20), {@code max} (longest free run, bits 21..41) and {@code end}
 * (free pages at its high end, bits 42..62). The count 2^21 does not fit in 21 bits; it only occurs at the root level
 * for a fully free 16 GiB region, so a summary whose max is 2^21 is encoded as bit 63 alone and decodes as
 * (2^21, 2^21, 2^21). A zero summary means "no free page".
 *
 * @mirrors mpagealloc.go:pallocSum
 */
public final class PallocSum {

    private PallocSum() {}

    /**
     * log2 of the value that no field may reach except through the bit-63 encoding (21).
     *
     * @mirrors mpagealloc.go:logMaxPackedValue
     */
    public static final int LOG_MAX_PACKED_VALUE =
            PageAllocLayout.LOG_PALLOC_CHUNK_PAGES
                    + (PageAllocLayout.SUMMARY_LEVELS - 1) * PageAllocLayout.SUMMARY_LEVEL_BITS;

    /**
     * 2^21: the one value of max (and then of start and end) that needs the special encoding.
     *
     * @mirrors mpagealloc.go:maxPackedValue
     */
    public static final long MAX_PACKED_VALUE = 1L << LOG_MAX_PACKED_VALUE;

    private static final long FIELD_MASK = MAX_PACKED_VALUE - 1;
    private static final long ROOT_FULL_BIT = 1L << 63;

    /**
     * Summary of a fully free chunk: start = max = end = 512.
     *
     * @mirrors mpagealloc.go:freeChunkSum
     */
    public static final long FREE_CHUNK_SUM = pack(
            PageAllocLayout.PALLOC_CHUNK_PAGES, PageAllocLayout.PALLOC_CHUNK_PAGES,
            PageAllocLayout.PALLOC_CHUNK_PAGES);

    /**
     * Packs three counts; each must be below 2^21 unless {@code max} is exactly 2^21.
     *
     * @mirrors mpagealloc.go:packPallocSum
     */
    public static long pack(long start, long max, long end) {
        if (max == MAX_PACKED_VALUE) {
            return ROOT_FULL_BIT;
        }
        return (start & FIELD_MASK)
                | ((max & FIELD_MASK) << LOG_MAX_PACKED_VALUE)
                | ((end & FIELD_MASK) << (2 * LOG_MAX_PACKED_VALUE));
    }

    /**
     * Free pages at the low end.
     *
     * @mirrors mpagealloc.go:pallocSum.start
     */
    public static long start(long sum) {
        if (sum < 0) {
            return MAX_PACKED_VALUE;
        }
        return sum & FIELD_MASK;
    }

    /**
     * Longest run of free pages.
     *
     * @mirrors mpagealloc.go:pallocSum.max
     */
    public static long max(long sum) {
        if (sum < 0) {
            return MAX_PACKED_VALUE;
        }
        return (sum >>> LOG_MAX_PACKED_VALUE) & FIELD_MASK;
    }

    /**
     * Free pages at the high end.
     *
     * @mirrors mpagealloc.go:pallocSum.end
     */
    public static long end(long sum) {
        if (sum < 0) {
            return MAX_PACKED_VALUE;
        }
        return (sum >>> (2 * LOG_MAX_PACKED_VALUE)) & FIELD_MASK;
    }

    /**
     * Merges {@code n} consecutive summaries {@code sums[off..off+n)}, each covering {@code 1 << logMaxPagesPerSum}
     * pages, into the summary of their concatenation. The running start grows only while every summary so far was
     * fully free; the running max also considers the run across each boundary (running end + next start); the
     * running end grows by a whole summary when the next one is fully free and otherwise restarts at its end.
     *
     * @mirrors mpagealloc.go:mergeSummaries
     */
    public static long mergeSummaries(long[] sums, int off, int n, int logMaxPagesPerSum) {
        long first = sums[off];
        long start = start(first);
        long max = max(first);
        long end = end(first);
        long full = 1L << logMaxPagesPerSum;
        for (int i = 1; i < n; i++) {
            long s = sums[off + i];
            long si = start(s);
            long mi = max(s);
            long ei = end(s);
            if (start == ((long) i << logMaxPagesPerSum)) {
                start += si;
            }
            if (end + si > max) {
                max = end + si;
            }
            if (mi > max) {
                max = mi;
            }
            if (ei == full) {
                end += full;
            } else {
                end = ei;
            }
        }
        return pack(start, max, end);
    }

    /** Renders a summary as {@code (start, max, end)} for messages. */
    public static String toString(long sum) {
        return "(" + start(sum) + ", " + max(sum) + ", " + end(sum) + ")";
    }
}

package dev.mheap4j.heap.pages;

/**
 * One chunk's allocation bitmap followed by its scavenged bitmap: 16 words of a {@code long[]} at {@code off}
 * (words {@code off..off+7}: 1 = in use; words {@code off+8..off+15}: 1 = returned to the OS). Invariant kept by
 * {@link #allocRange}/{@link #allocAll}: a page is never both in use and scavenged.
 *
 * @mirrors mpallocbits.go:pallocData
 */
public final class PallocData {

    private PallocData() {}

    /** Words per chunk: the allocation bitmap, then the scavenged bitmap. */
    public static final int CHUNK_WORDS = 2 * PageAllocLayout.WORDS_PER_CHUNK_BITMAP;

    /** Offset of the scavenged bitmap inside a chunk's 16 words. */
    public static final int SCAVENGED = PageAllocLayout.WORDS_PER_CHUNK_BITMAP;

    /** Failed scavenge-candidate search (size 0). */
    public static final long NO_CANDIDATE = 0;

    /**
     * Marks {@code [i, i+n)} in use and clears their scavenged bits.
     *
     * @mirrors mpallocbits.go:(*pallocData).allocRange
     */
    public static void allocRange(long[] d, int off, int i, int n) {
        PallocBits.allocRange(d, off, i, n);
        PageBits.clearRange(d, off + SCAVENGED, i, n);
    }

    /**
     * Marks the whole chunk in use and clears all its scavenged bits.
     *
     * @mirrors mpallocbits.go:(*pallocData).allocAll
     */
    public static void allocAll(long[] d, int off) {
        PallocBits.allocAll(d, off);
        PageBits.clearAll(d, off + SCAVENGED);
    }

    /**
     * Returns {@code x} with every {@code m}-aligned group of {@code m} bits that holds any 1 turned into all ones
     * ({@code fillAligned(0x0100a3, 8) == 0xff00ff}); {@code m == 1} returns {@code x}. Works word-parallel: first
     * mark the top bit of each all-zero group (the zero-byte trick generalised to m-bit lanes), then spread each
     * mark over its group and invert.
     *
     * @param m a power of two in 1..64
     * @throws IllegalArgumentException if {@code m} is not a power of two in 1..64
     * @mirrors mgcscavenge.go:fillAligned
     */
    public static long fillAligned(long x, int m) {
        long c;
        switch (m) {
            case 1:
                return x;
            case 2:
                c = 0x5555555555555555L;
                break;
            case 4:
                c = 0x7777777777777777L;
                break;
            case 8:
                c = 0x7f7f7f7f7f7f7f7fL;
                break;
            case 16:
                c = 0x7fff7fff7fff7fffL;
                break;
            case 32:
                c = 0x7fffffff7fffffffL;
                break;
            case 64:
                c = 0x7fffffffffffffffL;
                break;
            default:
                throw new IllegalArgumentException("fillAligned: m = " + m + " is not a power of two in 1..64");
        }
        // Top bit of each lane set exactly when the lane of x is all zero.
        long zeroLanes = ~((((x & c) + c) | x) | c);
        // Subtracting the lane's low bit from its top bit fills the lane below the top; OR the top back, invert.
        return ~((zeroLanes - (zeroLanes >>> (m - 1))) | zeroLanes);
    }

    private static void checkMin(long min) {
        if (min <= 0 || (min & (min - 1)) != 0) {
            throw new IllegalArgumentException("min = " + min + " must be a non-zero power of 2");
        }
        if (min > PageAllocLayout.MAX_PAGES_PER_PHYS_PAGE) {
            throw new IllegalArgumentException(
                    "min = " + min + " too large (> " + PageAllocLayout.MAX_PAGES_PER_PHYS_PAGE + ")");
        }
    }

    /** Word {@code i} with 1 for every page that is in use or scavenged, widened to {@code min}-page groups. */
    private static long unusable(long[] d, int off, int i, int min) {
        return fillAligned(d[off + SCAVENGED + i] | d[off + i], min);
    }

    /**
     * Whether the chunk holds any {@code min}-aligned group of {@code min} pages that are all free and not
     * scavenged.
     *
     * @throws IllegalArgumentException if {@code min} is not a power of two in 1..64
     * @mirrors mgcscavenge.go:(*pallocData).hasScavengeCandidate
     */
    public static boolean hasScavengeCandidate(long[] d, int off, long min) {
        checkMin(min);
        for (int i = PageAllocLayout.WORDS_PER_CHUNK_BITMAP - 1; i >= 0; i--) {
            if (unusable(d, off, i, (int) min) != -1L) {
                return true;
            }
        }
        return false;
    }

    /**
     * Finds the highest run of free, unscavenged pages at or below page {@code searchIdx}, made of whole
     * {@code min}-aligned groups, and returns it {@link #packCandidate packed} as (start, size), size 0 when there is
     * none. The run is cut to its top {@code max} pages (at least {@code min}), except that when
     * {@code pagesPerHugePage > 0} a cut that would split a huge page lying wholly inside the run is widened down to
     * that huge page's start.
     *
     * @param pagesPerHugePage huge page size in runtime pages, or 0 when the machine has no huge pages larger than
     *     both the runtime page and the physical page (Go reads the global {@code physHugePageSize} here; it is a
     *     parameter so tests can cover several machines)
     * @throws IllegalArgumentException if {@code min} is not a power of two in 1..64
     * @mirrors mgcscavenge.go:(*pallocData).findScavengeCandidate
     */
    public static long findScavengeCandidate(
            long[] d, int off, int searchIdx, long min, long max, long pagesPerHugePage) {
        checkMin(min);
        if (max < min) {
            max = min;
        }
        int m = (int) min;
        int i = searchIdx >>> 6;
        for (; i >= 0; i--) {
            if (unusable(d, off, i, m) != -1L) {
                break;
            }
        }
        if (i < 0) {
            return NO_CANDIDATE;
        }
        // The highest usable run ends in word i; measure it downwards, possibly through lower words.
        long x = unusable(d, off, i, m);
        int z1 = Long.numberOfLeadingZeros(~x);
        long run;
        long end = (long) i * 64 + (64 - z1);
        if ((x << z1) != 0) {
            run = Long.numberOfLeadingZeros(x << z1);
        } else {
            run = 64 - z1;
            for (int j = i - 1; j >= 0; j--) {
                long y = unusable(d, off, j, m);
                run += Long.numberOfLeadingZeros(y);
                if (y != 0) {
                    break;
                }
            }
        }
        long size = Math.min(run, max);
        long start = end - size;
        if (pagesPerHugePage > 0) {
            long hugePageAbove = alignUp(start, pagesPerHugePage);
            if (hugePageAbove <= end) {
                long hugePageBelow = alignDown(start, pagesPerHugePage);
                if (hugePageBelow >= end - run) {
                    // The whole huge page below start is free and unscavenged: take it all rather than split it.
                    size += start - hugePageBelow;
                    start = hugePageBelow;
                }
            }
        }
        return packCandidate((int) start, (int) size);
    }

    private static long alignUp(long n, long a) {
        return (n + a - 1) / a * a;
    }

    private static long alignDown(long n, long a) {
        return n / a * a;
    }

    /** Packs a scavenge candidate as (start &lt;&lt; 32 | size). */
    static long packCandidate(int start, int size) {
        return ((long) start << 32) | (size & 0xFFFF_FFFFL);
    }

    /** First page of a packed candidate. */
    public static int candidateStart(long packed) {
        return (int) (packed >>> 32);
    }

    /** Page count of a packed candidate (0: none). */
    public static int candidateSize(long packed) {
        return (int) packed;
    }
}

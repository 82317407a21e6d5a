package dev.mheap4j.heap.pages;

/**
 * The allocation bitmap of one chunk (8 words at {@code off}; 1 = page in use, 0 = free) and the searches over it.
 *
 * <p>Go's {@code find} returns two numbers; here they come back packed in one {@code long} (see {@link
 * #foundIndex} and {@link #foundSearchIndex}) so the allocation path creates no object. A failed search has index
 * {@link #NOT_FOUND}.
 *
 * @mirrors mpallocbits.go:pallocBits
 */
public final class PallocBits {

    private PallocBits() {}

    /** Index returned by a failed search (Go returns {@code ^uint(0)}). */
    public static final int NOT_FOUND = -1;

    /**
     * Longest run of zero bits in each byte value.
     *
     * @mirrors mpallocbits.go:consec8tab computed at class load from its documented definition instead of listed
     */
    static final byte[] CONSEC8TAB = new byte[256];

    static {
        for (int v = 0; v < 256; v++) {
            int best = 0;
            int run = 0;
            for (int bit = 0; bit < 8; bit++) {
                if ((v & (1 << bit)) == 0) {
                    run++;
                    best = Math.max(best, run);
                } else {
                    run = 0;
                }
            }
            CONSEC8TAB[v] = (byte) best;
        }
    }

    /** Packs a search result (index, search index) into one long. */
    static long packFound(int index, int searchIdx) {
        return ((long) index << 32) | (searchIdx & 0xFFFF_FFFFL);
    }

    /** The run's first page from a packed {@link #find} result, or {@link #NOT_FOUND}. */
    public static int foundIndex(long packed) {
        return (int) (packed >> 32);
    }

    /** The first free page seen by the search (meaningless when the search failed). */
    public static int foundSearchIndex(long packed) {
        return (int) packed;
    }

    /**
     * Summarizes the bitmap byte by byte: trailing zeros extend the start while everything so far is free, the
     * running end plus the byte's trailing zeros and the byte's own longest zero run feed the max, and leading zeros
     * (or all 8 bits of a zero byte) give the new end.
     *
     * @mirrors mpallocbits.go:(*pallocBits).summarize
     */
    public static long summarize(long[] b, int off) {
        long start = 0;
        long max = 0;
        long end = 0;
        for (int i = 0; i < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; i++) {
            long a = b[off + i];
            for (int j = 0; j < 64; j += 8) {
                int k = (int) (a >>> j) & 0xFF;
                int si = Integer.numberOfTrailingZeros(k | 0x100);
                if (start == i * 64 + j) {
                    start += si;
                }
                if (end + si > max) {
                    max = end + si;
                }
                int mi = CONSEC8TAB[k];
                if (mi > max) {
                    max = mi;
                }
                if (k == 0) {
                    end += 8;
                } else {
                    end = Integer.numberOfLeadingZeros(k) - 24;
                }
            }
        }
        return PallocSum.pack(start, max, end);
    }

    /**
     * Finds the first run of {@code npages} free pages at or after page {@code searchIdx} (callers pass the first
     * page known to be possibly free). Returns {@link #packFound packed} (run start, new search index); the new search
     * index is the first free page seen, except for {@code npages == 1}, where it is the page after the one found
     * (which the caller is about to allocate).
     *
     * @mirrors mpallocbits.go:(*pallocBits).find
     */
    public static long find(long[] b, int off, long npages, int searchIdx) {
        if (npages == 1) {
            int addr = find1(b, off, searchIdx);
            return packFound(addr, addr + 1);
        } else if (npages <= 64) {
            return findSmallN(b, off, (int) npages, searchIdx);
        }
        return findLargeN(b, off, npages, searchIdx);
    }

    /**
     * Lowest free page at or after the word holding {@code searchIdx}.
     *
     * @mirrors mpallocbits.go:(*pallocBits).find1
     */
    static int find1(long[] b, int off, int searchIdx) {
        for (int i = searchIdx >>> 6; i < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; i++) {
            long x = b[off + i];
            if (x == -1L) {
                continue;
            }
            return i * 64 + Long.numberOfTrailingZeros(~x);
        }
        return NOT_FOUND;
    }

    /**
     * Search for {@code npages <= 64}: such a run crosses at most one word boundary, so either the previous word's
     * free top bits plus this word's free bottom bits suffice, or the run lies inside this word.
     *
     * @mirrors mpallocbits.go:(*pallocBits).findSmallN
     */
    static long findSmallN(long[] b, int off, int npages, int searchIdx) {
        int end = 0;
        int newSearchIdx = NOT_FOUND;
        for (int i = searchIdx >>> 6; i < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; i++) {
            long bi = b[off + i];
            if (bi == -1L) {
                end = 0;
                continue;
            }
            int start = Long.numberOfTrailingZeros(bi);
            if (newSearchIdx == NOT_FOUND) {
                newSearchIdx = i * 64 + Long.numberOfTrailingZeros(~bi);
            }
            if (end + start >= npages) {
                return packFound(i * 64 - end, newSearchIdx);
            }
            int j = findBitRange64(~bi, npages);
            if (j < 64) {
                return packFound(i * 64 + j, newSearchIdx);
            }
            end = Long.numberOfLeadingZeros(bi);
        }
        return packFound(NOT_FOUND, newSearchIdx);
    }

    /**
     * Search for {@code npages > 64}: such a run always crosses a word boundary, so track a run that starts with a
     * word's free top bits and grows through fully free words.
     *
     * @mirrors mpallocbits.go:(*pallocBits).findLargeN
     */
    static long findLargeN(long[] b, int off, long npages, int searchIdx) {
        int start = NOT_FOUND;
        long size = 0;
        int newSearchIdx = NOT_FOUND;
        for (int i = searchIdx >>> 6; i < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; i++) {
            long x = b[off + i];
            if (x == -1L) {
                size = 0;
                continue;
            }
            if (newSearchIdx == NOT_FOUND) {
                newSearchIdx = i * 64 + Long.numberOfTrailingZeros(~x);
            }
            if (size == 0) {
                size = Long.numberOfLeadingZeros(x);
                start = i * 64 + 64 - (int) size;
                continue;
            }
            int s = Long.numberOfTrailingZeros(x);
            if (s + size >= npages) {
                return packFound(start, newSearchIdx);
            }
            if (s < 64) {
                size = Long.numberOfLeadingZeros(x);
                start = i * 64 + 64 - (int) size;
                continue;
            }
            size += 64;
        }
        if (size < npages) {
            return packFound(NOT_FOUND, newSearchIdx);
        }
        return packFound(start, newSearchIdx);
    }

    /**
     * Marks pages {@code [i, i+n)} in use.
     *
     * @mirrors mpallocbits.go:(*pallocBits).allocRange
     */
    public static void allocRange(long[] b, int off, int i, int n) {
        PageBits.setRange(b, off, i, n);
    }

    /**
     * Marks every page in use.
     *
     * @mirrors mpallocbits.go:(*pallocBits).allocAll
     */
    public static void allocAll(long[] b, int off) {
        PageBits.setAll(b, off);
    }

    /**
     * Frees page {@code i}.
     *
     * @mirrors mpallocbits.go:(*pallocBits).free1
     */
    public static void free1(long[] b, int off, int i) {
        PageBits.clear(b, off, i);
    }

    /**
     * Frees pages {@code [i, i+n)}.
     *
     * @mirrors mpallocbits.go:(*pallocBits).free
     */
    public static void free(long[] b, int off, int i, int n) {
        PageBits.clearRange(b, off, i, n);
    }

    /**
     * Frees every page.
     *
     * @mirrors mpallocbits.go:(*pallocBits).freeAll
     */
    public static void freeAll(long[] b, int off) {
        PageBits.clearAll(b, off);
    }

    /**
     * Bit index of the first run of {@code n} consecutive 1 bits in {@code c}, or a value {@code >= 64} if there is
     * none (callers pass the complement of a bitmap word, so 1 means free). It hops from run to run: skip the current
     * run of ones if too short, then the zeros after it.
     *
     * @mirrors mpallocbits.go:findBitRange64
     */
    public static int findBitRange64(long c, int n) {
        int i = 0;
        int cont = Long.numberOfTrailingZeros(~c);
        while (cont < n && i < 64) {
            i += cont;
            i += Long.numberOfTrailingZeros(shr(c, i));
            cont = Long.numberOfTrailingZeros(~shr(c, i));
        }
        return i;
    }

    /** Go's {@code c >> i} for unsigned c: zero once {@code i >= 64} (Java would shift by {@code i % 64}). */
    private static long shr(long c, int i) {
        return i >= 64 ? 0 : c >>> i;
    }
}

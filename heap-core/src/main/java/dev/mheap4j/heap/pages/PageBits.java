package dev.mheap4j.heap.pages;

/**
 * One bit per page of one chunk: 8 words of a {@code long[]} starting at {@code off}. Static methods so that a
 * chunk stored inside a larger block needs no wrapper object. Bit {@code i} is bit {@code i % 64} of word
 * {@code i / 64}. Ranges must have {@code n >= 1} and stay inside the chunk (as in Go, {@code n == 0} is not
 * supported).
 *
 * @mirrors mpallocbits.go:pageBits
 */
public final class PageBits {

    private PageBits() {}

    /** Mask of the low {@code n} bits, {@code 1 <= n <= 64} (Java's shift is mod 64, so {@code (1L << 64) - 1} would be 0). */
    static long lowMask(int n) {
        return -1L >>> (64 - n);
    }

    /**
     * Value (0 or 1) of bit {@code i}.
     *
     * @mirrors mpallocbits.go:(*pageBits).get
     */
    public static int get(long[] b, int off, int i) {
        return (int) ((b[off + (i >>> 6)] >>> (i & 63)) & 1);
    }

    /**
     * Sets bit {@code i}.
     *
     * @mirrors mpallocbits.go:(*pageBits).set
     */
    public static void set(long[] b, int off, int i) {
        b[off + (i >>> 6)] |= 1L << (i & 63);
    }

    /**
     * Sets bits {@code [i, i+n)}.
     *
     * @mirrors mpallocbits.go:(*pageBits).setRange
     */
    public static void setRange(long[] b, int off, int i, int n) {
        if (n == 1) {
            set(b, off, i);
            return;
        }
        int j = i + n - 1;
        int wi = i >>> 6;
        int wj = j >>> 6;
        if (wi == wj) {
            b[off + wi] |= lowMask(n) << (i & 63);
            return;
        }
        b[off + wi] |= -1L << (i & 63);
        for (int k = wi + 1; k < wj; k++) {
            b[off + k] = -1L;
        }
        b[off + wj] |= lowMask((j & 63) + 1);
    }

    /**
     * Sets all 512 bits.
     *
     * @mirrors mpallocbits.go:(*pageBits).setAll
     */
    public static void setAll(long[] b, int off) {
        for (int k = 0; k < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; k++) {
            b[off + k] = -1L;
        }
    }

    /**
     * Clears bit {@code i}.
     *
     * @mirrors mpallocbits.go:(*pageBits).clear
     */
    public static void clear(long[] b, int off, int i) {
        b[off + (i >>> 6)] &= ~(1L << (i & 63));
    }

    /**
     * Clears bits {@code [i, i+n)}.
     *
     * @mirrors mpallocbits.go:(*pageBits).clearRange
     */
    public static void clearRange(long[] b, int off, int i, int n) {
        if (n == 1) {
            clear(b, off, i);
            return;
        }
        int j = i + n - 1;
        int wi = i >>> 6;
        int wj = j >>> 6;
        if (wi == wj) {
            b[off + wi] &= ~(lowMask(n) << (i & 63));
            return;
        }
        b[off + wi] &= ~(-1L << (i & 63));
        for (int k = wi + 1; k < wj; k++) {
            b[off + k] = 0;
        }
        b[off + wj] &= ~lowMask((j & 63) + 1);
    }

    /**
     * Clears all 512 bits.
     *
     * @mirrors mpallocbits.go:(*pageBits).clearAll
     */
    public static void clearAll(long[] b, int off) {
        for (int k = 0; k < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; k++) {
            b[off + k] = 0;
        }
    }

    /**
     * Number of set bits in {@code [i, i+n)}.
     *
     * @mirrors mpallocbits.go:(*pageBits).popcntRange
     */
    public static int popcntRange(long[] b, int off, int i, int n) {
        if (n == 1) {
            return get(b, off, i);
        }
        int j = i + n - 1;
        int wi = i >>> 6;
        int wj = j >>> 6;
        if (wi == wj) {
            return Long.bitCount((b[off + wi] >>> (i & 63)) & lowMask(n));
        }
        int s = Long.bitCount(b[off + wi] >>> (i & 63));
        for (int k = wi + 1; k < wj; k++) {
            s += Long.bitCount(b[off + k]);
        }
        s += Long.bitCount(b[off + wj] & lowMask((j & 63) + 1));
        return s;
    }
}

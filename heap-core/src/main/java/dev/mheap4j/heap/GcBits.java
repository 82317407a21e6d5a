package dev.mheap4j.heap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One bit per object of a span: a span's allocation bits or its mark bits. Bit {@code i} sits in word
 * {@code i / 64} at position {@code i % 64}, which is the same bit Go addresses as byte {@code i / 8}, bit
 * {@code i % 8} of a little-endian byte array, so Go's "8 bytes at whichByte" reads are one word here.
 *
 * <p>Go allocates these from gcBits arenas and drops whole arenas an epoch later; the model instead keeps the
 * arrays with the span object and reuses them when the object is recycled, so steady-state span allocation
 * creates no garbage. Mark bits are set with an atomic OR ({@link #setAtomic}), as Go's markBits.setMarked does
 * with Or8, because several markers may mark objects of one span at once.
 *
 * @mirrors mheap.go:gcBits
 */
public final class GcBits {

    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long[] EMPTY = new long[0];

    /** Written by the span's owner while the span is not published (allocation, sweep); read by the same. */
    private long[] words = EMPTY;

    /**
     * Clears the bitmap and makes room for {@code nbits} bits, reusing the array when it is large enough.
     *
     * @mirrors mheap.go:newMarkBits
     */
    void reset(int nbits) {
        int need = (nbits + 63) >>> 6;
        if (words.length < need) {
            words = new long[need];
        } else {
            java.util.Arrays.fill(words, 0, need, 0L);
        }
    }

    /** Whether bit {@code i} is set (plain read). */
    public boolean isSet(int i) {
        return (words[i >>> 6] & (1L << i)) != 0;
    }

    /** Sets bit {@code i} with a plain write; the caller owns the span. */
    void set(int i) {
        words[i >>> 6] |= 1L << i;
    }

    /**
     * Sets bit {@code i} with an atomic OR (volatile semantics); returns whether it was already set.
     *
     * @mirrors mbitmap.go:markBits.setMarked
     */
    boolean setAtomic(int i) {
        long mask = 1L << i;
        long old = (long) WORDS.getAndBitwiseOr(words, i >>> 6, mask);
        return (old & mask) != 0;
    }

    /** The 64 bits starting at bit {@code 64 * wordIndex}; zero past the end. */
    long word(int wordIndex) {
        return wordIndex < words.length ? words[wordIndex] : 0L;
    }

    /**
     * Number of set bits among the first {@code nbits}.
     *
     * @mirrors mbitmap.go:(*mspan).countAlloc
     */
    int count(int nbits) {
        int full = nbits >>> 6;
        int n = 0;
        for (int w = 0; w < full; w++) {
            n += Long.bitCount(words[w]);
        }
        int rest = nbits & 63;
        if (rest != 0) {
            n += Long.bitCount(words[full] & ((1L << rest) - 1));
        }
        return n;
    }

    /** Exchanges the backing arrays of two bitmaps (sweep turns mark bits into alloc bits). */
    static void swap(GcBits a, GcBits b) {
        long[] t = a.words;
        a.words = b.words;
        b.words = t;
    }
}

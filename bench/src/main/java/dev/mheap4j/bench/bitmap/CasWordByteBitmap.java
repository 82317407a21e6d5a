package dev.mheap4j.bench.bitmap;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The alternative spec §7.2 mentions: the byte bitmap kept in an {@link AtomicIntegerArray}, a byte's bits updated
 * by a compare-and-set loop on the 32-bit word that contains it (little-endian byte numbering within the word).
 * Benchmark baseline only; not a {@link dev.mheap4j.bitmap.ByteBitmap}.
 */
final class CasWordByteBitmap {

    /** Four bitmap bytes per element. Written by or8/and8 (CAS loops), read by load8 (volatile); any thread. */
    private final AtomicIntegerArray words;

    CasWordByteBitmap(int sizeBytes) {
        this.words = new AtomicIntegerArray(sizeBytes / 4);
    }

    void or8(int byteIndex, byte mask) {
        int w = byteIndex >>> 2;
        int bits = (mask & 0xff) << ((byteIndex & 3) << 3);
        int old;
        do {
            old = words.get(w);
        } while (!words.compareAndSet(w, old, old | bits));
    }

    void and8(int byteIndex, byte mask) {
        int w = byteIndex >>> 2;
        int shift = (byteIndex & 3) << 3;
        // Keep the other three bytes of the word: only this byte's lane is masked.
        int keep = ~(0xff << shift) | ((mask & 0xff) << shift);
        int old;
        do {
            old = words.get(w);
        } while (!words.compareAndSet(w, old, old & keep));
    }

    byte load8(int byteIndex) {
        return (byte) (words.get(byteIndex >>> 2) >>> ((byteIndex & 3) << 3));
    }
}

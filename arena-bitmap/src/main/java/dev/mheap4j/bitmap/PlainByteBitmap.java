package dev.mheap4j.bitmap;

import java.util.Arrays;

/**
 * A byte bitmap with plain (unordered, non-atomic) accesses, for the pre-seed mode in which every access to
 * {@code pageInUse} holds the heap lock (Go before dac936a4: a plain OR-assign in {@code alloc_m}, a plain
 * AND-NOT in {@code freeSpanLocked}, plain reads in {@code reclaimChunk}).
 *
 * <p>Every method here is a PLAIN access: {@link #or8} and {@link #and8} are non-atomic read-modify-writes that lose
 * concurrent updates to the same byte, and {@link #load8} gives no visibility guarantee. Correct only when one lock
 * guards every access, which then supplies all the ordering. The jcstress test {@code PlainOr8LostUpdate} shows
 * the lost updates when that rule is broken.
 *
 * <p>Thread safety: none; the caller's lock must guard every call.
 */
public final class PlainByteBitmap implements ByteBitmap {

    /** The bits. Read and written only by a thread holding the caller's lock (the heap lock); plain accesses. */
    private final byte[] bytes;

    /**
     * Creates a zeroed bitmap.
     *
     * @throws IllegalArgumentException naming the size unless it is a positive multiple of 8
     */
    public PlainByteBitmap(int sizeBytes) {
        this.bytes = new byte[BitmapChecks.checkSize(sizeBytes)];
    }

    @Override
    public int sizeBytes() {
        return bytes.length;
    }

    /**
     * PLAIN read-modify-write {@code b[i] |= mask}: not atomic, no ordering; the caller's lock must be held.
     *
     * @mirrors mheap.go:(*mheap).alloc_m@P the plain OR-assign of the pageInUse bit under the heap lock
     */
    @Override
    public void or8(int byteIndex, byte mask) {
        if (Integer.compareUnsigned(byteIndex, bytes.length) >= 0) {
            throw BitmapChecks.badByteIndex(byteIndex, bytes.length);
        }
        bytes[byteIndex] |= mask;
    }

    /**
     * PLAIN read-modify-write {@code b[i] &= mask}: not atomic, no ordering; the caller's lock must be held.
     *
     * @mirrors mheap.go:(*mheap).freeSpanLocked@P the plain AND-NOT of the pageInUse bit under the heap lock
     */
    @Override
    public void and8(int byteIndex, byte mask) {
        if (Integer.compareUnsigned(byteIndex, bytes.length) >= 0) {
            throw BitmapChecks.badByteIndex(byteIndex, bytes.length);
        }
        bytes[byteIndex] &= mask;
    }

    /**
     * PLAIN read, no ordering; the caller's lock must be held.
     *
     * @mirrors mheap.go:(*mheap).reclaimChunk@P the plain read of the pageInUse byte under the heap lock
     */
    @Override
    public byte load8(int byteIndex) {
        if (Integer.compareUnsigned(byteIndex, bytes.length) >= 0) {
            throw BitmapChecks.badByteIndex(byteIndex, bytes.length);
        }
        return bytes[byteIndex];
    }

    /** PLAIN write, no ordering; the caller's lock must be held. */
    @Override
    public void store8(int byteIndex, byte value) {
        if (Integer.compareUnsigned(byteIndex, bytes.length) >= 0) {
            throw BitmapChecks.badByteIndex(byteIndex, bytes.length);
        }
        bytes[byteIndex] = value;
    }

    /** PLAIN assembly of eight bytes into a little-endian long; the caller's lock must be held. */
    @Override
    public long load64(int wordIndex) {
        if (Integer.compareUnsigned(wordIndex, bytes.length >>> 3) >= 0) {
            throw BitmapChecks.badWordIndex(wordIndex, bytes.length);
        }
        int base = wordIndex << 3;
        long word = 0;
        for (int i = 7; i >= 0; i--) {
            word = (word << 8) | (bytes[base + i] & 0xffL);
        }
        return word;
    }

    /** PLAIN zeroing of every byte; the caller's lock must be held. */
    @Override
    public void clear() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "PlainByteBitmap[" + bytes.length + " bytes]";
    }
}

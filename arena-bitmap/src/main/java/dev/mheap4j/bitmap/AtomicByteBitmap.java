package dev.mheap4j.bitmap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A byte bitmap whose every access is atomic and sequentially consistent, like Go's runtime atomics on one byte.
 *
 * <p>Why atomics: eight pages share a bitmap byte, so once writers no longer serialise on the heap lock
 * (a762221bea sets {@code pageInUse} bits after dropping it) two spans can set or clear bits of one byte at the same
 * time; a plain read-modify-write would lose one update. And setting a span's {@code pageInUse} bit publishes the
 * fully initialised span to the page reclaimer (spec §3.2), so the OR must be at least a release and the reader's
 * load at least an acquire.
 *
 * <p>Ordering chosen: volatile (sequentially consistent) for every single-byte operation. Go documents its runtime
 * atomics as sequentially consistent, so this is the faithful choice, and it costs nothing extra on amd64: a
 * {@code lock}-prefixed read-modify-write is a full fence anyway, and a volatile load is a plain {@code mov}. Only
 * {@link #clear()} is plain, as in Go.
 *
 * <p>Thread safety: any thread may call any method except {@link #clear()} at any time.
 */
public final class AtomicByteBitmap implements ByteBitmap {

    /** Byte access to {@link #bytes}; the only way the single-byte methods touch the array. */
    private static final VarHandle BYTES = MethodHandles.arrayElementVarHandle(byte[].class);

    /** Little-endian 8-byte view of {@link #bytes} for {@link #load64}; indexes are byte offsets, 8-aligned. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * The bits. Written by or8/and8 (atomic RMW), store8 (volatile) and clear (plain, caller excludes others); read
     * by load8/load64 (volatile) from any thread. No lock.
     */
    private final byte[] bytes;

    /**
     * Creates a zeroed bitmap.
     *
     * @throws IllegalArgumentException naming the size unless it is a positive multiple of 8
     */
    public AtomicByteBitmap(int sizeBytes) {
        this.bytes = new byte[BitmapChecks.checkSize(sizeBytes)];
    }

    @Override
    public int sizeBytes() {
        return bytes.length;
    }

    /**
     * Volatile {@code getAndBitwiseOr} (sequentially consistent, hence also a release): every write this thread made
     * before the call is visible to a thread whose {@link #load8} sees the bit, which is Go's publication rule.
     *
     * @mirrors internal/atomic/atomic_amd64.go:Or8 a LOCK ORB in asm_amd64.s; HotSpot emits a lock cmpxchgb loop
     */
    @Override
    public void or8(int byteIndex, byte mask) {
        if (Integer.compareUnsigned(byteIndex, bytes.length) >= 0) {
            throw BitmapChecks.badByteIndex(byteIndex, bytes.length);
        }
        BYTES.getAndBitwiseOr(bytes, byteIndex, mask);
    }

    /**
     * Volatile {@code getAndBitwiseAnd} (sequentially consistent): a clear is ordered after everything the freeing
     * thread did before it, and no concurrent or8/and8 on another bit of the byte is lost.
     *
     * @mirrors internal/atomic/atomic_amd64.go:And8 a LOCK ANDB in asm_amd64.s
     */
    @Override
    public void and8(int byteIndex, byte mask) {
        if (Integer.compareUnsigned(byteIndex, bytes.length) >= 0) {
            throw BitmapChecks.badByteIndex(byteIndex, bytes.length);
        }
        BYTES.getAndBitwiseAnd(bytes, byteIndex, mask);
    }

    /**
     * Volatile read (sequentially consistent, hence also an acquire): seeing a bit set by {@link #or8} makes every
     * write the setter made before it visible; on amd64 this is a plain {@code mov}, exactly Go's Load8.
     *
     * @mirrors internal/atomic/atomic_amd64.go:Load8
     */
    @Override
    public byte load8(int byteIndex) {
        if (Integer.compareUnsigned(byteIndex, bytes.length) >= 0) {
            throw BitmapChecks.badByteIndex(byteIndex, bytes.length);
        }
        return (byte) BYTES.getVolatile(bytes, byteIndex);
    }

    /**
     * Volatile write (sequentially consistent, hence also a release), for tests and bulk set-up; it replaces the
     * whole byte, so it must not race with or8/and8 on other bits of the same byte.
     *
     * @mirrors internal/atomic/atomic_amd64.go:Store8
     */
    @Override
    public void store8(int byteIndex, byte value) {
        if (Integer.compareUnsigned(byteIndex, bytes.length) >= 0) {
            throw BitmapChecks.badByteIndex(byteIndex, bytes.length);
        }
        BYTES.setVolatile(bytes, byteIndex, value);
    }

    /**
     * Volatile 8-byte read through the little-endian long view (acquire, and single-copy atomic for the aligned
     * word): a word scan sees each byte no older than a {@link #load8} at the same moment would.
     *
     * @mirrors internal/atomic/atomic_amd64.go:Load64 used here for word-at-a-time scans of the byte bitmap
     */
    @Override
    public long load64(int wordIndex) {
        if (Integer.compareUnsigned(wordIndex, bytes.length >>> 3) >= 0) {
            throw BitmapChecks.badWordIndex(wordIndex, bytes.length);
        }
        return (long) LONGS.getVolatile(bytes, wordIndex << 3);
    }

    /**
     * Plain zeroing of every byte (no ordering), as Go clears {@code pageMarks} in {@code gcResetMarkState}: the
     * caller must exclude every other accessor and publish the result by a later synchronising action (a lock
     * release, a thread start, a volatile write).
     *
     * @mirrors mgc.go:gcResetMarkState its plain clearing of every arena's pageMarks
     */
    @Override
    public void clear() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public String toString() {
        return "AtomicByteBitmap[" + bytes.length + " bytes]";
    }
}

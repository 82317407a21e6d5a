package dev.mheap4j.bitmap;

/**
 * A fixed-size array of bytes used as a bitmap, with Go's byte-wide bit operations. Go's per-arena page bitmaps
 * ({@code heapArena.pageInUse}, {@code heapArena.pageMarks}) are such arrays: one bit per page, byte
 * {@code page / 8}, mask {@code 1 << (page % 8)}.
 *
 * <p>The implementations differ only in memory ordering: {@link AtomicByteBitmap} makes every access atomic
 * (Go's {@code Or8}/{@code And8}/{@code Load8}), {@link PlainByteBitmap} uses plain accesses for callers that hold
 * a lock around every access. {@link BitmapKind} picks one per synchronization mode. Each implementation states the
 * ordering of each method in its javadoc.
 *
 * <p>Index checks happen before any access: a byte index outside {@code [0, sizeBytes())} or a word index outside
 * {@code [0, sizeBytes() / 8)} throws {@link IllegalArgumentException} naming the index and the size, and leaves
 * the bitmap unchanged.
 */
public interface ByteBitmap {

    /** Size in bytes; always a positive multiple of 8. */
    int sizeBytes();

    /** Sets the bits of {@code mask} in byte {@code byteIndex}: {@code b[i] |= mask}. */
    void or8(int byteIndex, byte mask);

    /**
     * Keeps only the bits of {@code mask} in byte {@code byteIndex}: {@code b[i] &= mask}. To clear bits, pass the
     * complement, as Go does ({@code And8(&b[i], ^mask)}).
     */
    void and8(int byteIndex, byte mask);

    /** Reads byte {@code byteIndex}. */
    byte load8(int byteIndex);

    /** Writes byte {@code byteIndex}. */
    void store8(int byteIndex, byte value);

    /**
     * Reads bytes {@code 8*wordIndex .. 8*wordIndex+7} as one little-endian long (byte {@code 8w} is bits 0..7),
     * for word-at-a-time scanning. The read is a single access to the eight bytes, not eight byte reads.
     */
    long load64(int wordIndex);

    /** Sets every byte to zero with plain stores; see the implementation for the caller's obligations. */
    void clear();
}

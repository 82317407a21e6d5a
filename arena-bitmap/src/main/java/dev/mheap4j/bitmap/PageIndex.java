package dev.mheap4j.bitmap;

/**
 * Where a page's bit lives: the arena, the byte within that arena's page bitmaps, and the bit within the byte.
 * The same triple indexes both {@code pageInUse} and {@code pageMarks}. Produced by {@link ArenaLayout#pageIndexOf}.
 *
 * @param arenaIndex the arena's index in the layout (Go's {@code arenaIdx})
 * @param byteIndex  the byte within the arena's page bitmap, non-negative
 * @param mask       exactly one bit set: {@code 1 << (page % 8)}
 * @mirrors mheap.go:pageIndexOf its three results, with the arena index in place of the *heapArena
 */
public record PageIndex(long arenaIndex, int byteIndex, byte mask) {

    /** @throws IllegalArgumentException naming the value if an index is negative or the mask is not one bit */
    public PageIndex {
        if (arenaIndex < 0) {
            throw new IllegalArgumentException("arenaIndex must be >= 0, got " + arenaIndex);
        }
        if (byteIndex < 0) {
            throw new IllegalArgumentException("byteIndex must be >= 0, got " + byteIndex);
        }
        if (Integer.bitCount(mask & 0xff) != 1) {
            throw new IllegalArgumentException("mask must have exactly one bit set, got 0x"
                    + Integer.toHexString(mask & 0xff));
        }
    }

    /** The page's index within its arena: {@code byteIndex * 8 + log2(mask)}. */
    public int pageInArena() {
        return byteIndex * 8 + Integer.numberOfTrailingZeros(mask & 0xff);
    }
}

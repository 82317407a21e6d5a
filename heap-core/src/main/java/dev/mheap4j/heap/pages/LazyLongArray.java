package dev.mheap4j.heap.pages;

import java.util.Arrays;

/**
 * A very long {@code long} array that costs memory only where it was touched: a table of fixed-size blocks, each
 * allocated on first write (or by {@link #ensure}). An absent block reads as zeros. This stands in for Go's
 * "reserve the whole range of virtual memory, map pieces on demand" ({@code sysReserve} + {@code sysMap}) for the
 * summary levels and the chunk array, so a 48-bit address space costs only the block table until the heap grows.
 *
 * <p>Thread-safety: none of its own. {@link PageAlloc} writes it with the heap lock held; the scavenger's optimistic
 * scan reads it without the lock (a racy read sees zeros or a stale value and is re-checked under the lock).
 */
final class LazyLongArray {

    private final int blockBits;
    private final int blockMask;
    /** Written under the heap lock by {@link #ensureBlock}; read by everyone (see class comment). */
    private final long[][] blocks;
    /** Blocks allocated so far; written under the heap lock. */
    private int allocatedBlocks;

    /**
     * @param length number of elements (a multiple of the block size)
     * @param blockBits log2 of the block length in longs
     */
    LazyLongArray(long length, int blockBits) {
        this.blockBits = blockBits;
        this.blockMask = (1 << blockBits) - 1;
        long nblocks = Math.max(1, length >>> blockBits);
        if (nblocks > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("length " + length + " needs too many blocks");
        }
        this.blocks = new long[(int) nblocks][];
    }

    long get(long idx) {
        long[] b = blocks[(int) (idx >>> blockBits)];
        return b == null ? 0 : b[(int) idx & blockMask];
    }

    void set(long idx, long v) {
        ensureBlock((int) (idx >>> blockBits))[(int) idx & blockMask] = v;
    }

    /** The block holding {@code idx}, or null if absent. */
    long[] blockOrNull(long idx) {
        return blocks[(int) (idx >>> blockBits)];
    }

    /** The block holding {@code idx}, allocating it if absent. */
    long[] block(long idx) {
        return ensureBlock((int) (idx >>> blockBits));
    }

    /** Offset of {@code idx} inside its block. */
    int offset(long idx) {
        return (int) idx & blockMask;
    }

    int blockLength() {
        return 1 << blockBits;
    }

    /** Allocates every block overlapping {@code [lo, hi)}. */
    void ensure(long lo, long hi) {
        if (hi <= lo) {
            return;
        }
        int first = (int) (lo >>> blockBits);
        int last = (int) ((hi - 1) >>> blockBits);
        for (int b = first; b <= last; b++) {
            ensureBlock(b);
        }
    }

    private long[] ensureBlock(int bi) {
        long[] b = blocks[bi];
        if (b == null) {
            b = new long[1 << blockBits];
            blocks[bi] = b;
            allocatedBlocks++;
        }
        return b;
    }

    /** Bytes of allocated block payloads (8 per element), not counting the block table. */
    long allocatedPayloadBytes() {
        return (long) allocatedBlocks << (blockBits + 3);
    }

    /** Entries of the block table. */
    int tableLength() {
        return blocks.length;
    }

    /** Copies of the blocks that hold any non-zero value, keyed by block index, for state snapshots. */
    java.util.SortedMap<Integer, long[]> nonZeroBlocks() {
        java.util.TreeMap<Integer, long[]> out = new java.util.TreeMap<>();
        for (int i = 0; i < blocks.length; i++) {
            long[] b = blocks[i];
            if (b != null) {
                for (long v : b) {
                    if (v != 0) {
                        out.put(i, Arrays.copyOf(b, b.length));
                        break;
                    }
                }
            }
        }
        return out;
    }
}

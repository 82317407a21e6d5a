package dev.mheap4j.heap;

import dev.mheap4j.bitmap.ArenaLayout;
import dev.mheap4j.bitmap.ByteBitmap;
import dev.mheap4j.pacer.TriggerClamp;
import dev.mheap4j.sweep.ReclaimScan;
import java.util.function.IntFunction;

/**
 * How to build an {@link MHeap}. Start from {@link #of(SyncMode)} and change what you need with the withers.
 *
 * @param layout            the arena layout; page size 8 KiB, 48 address bits and Go's amd64 arenaBaseOffset (the
 *                          page allocator is built for those), e.g. {@link ArenaLayout#LINUX_AMD64}
 * @param mode              the synchronization mode
 * @param maxHeapBytes      the most address space the heap may map (a simulated memory limit); growth beyond it
 *                          fails with out of memory
 * @param physPageSize      the simulated OS page size (Go's physPageSize), a power of two from 4 KiB to 512 KiB
 * @param instrumentLock    record heap-lock wait and hold times (off by default; free when off)
 * @param pageInUseOverride null, or a factory (bitmap size in bytes to bitmap) used for pageInUse instead of the
 *                          mode's kind: only for the tests that show what the ALLOC_SPAN mode breaks with plain
 *                          byte accesses
 * @param firstArenaHint    where the first arena is mapped (Go's first hint on linux/amd64 is 0x00c000000000)
 * @param gogc              the GOGC setting as Go reads it from the environment (null means unset, i.e. 100)
 * @param triggerClamp      the seed's trigger-ratio clamp, or the later fix
 * @param reclaimScan       how the page reclaimer scans its bitmaps
 * @param backgroundSweep   whether a background sweeper thread sweeps after each cycle
 * @param gomaxprocs        the simulated GOMAXPROCS (mark worker split, gctrace's "N P")
 */
public record HeapConfig(ArenaLayout layout, SyncMode mode, long maxHeapBytes, long physPageSize,
                         boolean instrumentLock, IntFunction<ByteBitmap> pageInUseOverride, long firstArenaHint,
                         String gogc, TriggerClamp triggerClamp, ReclaimScan reclaimScan, boolean backgroundSweep,
                         int gomaxprocs) {

    /** Go's first arena hint on linux/amd64. */
    public static final long DEFAULT_ARENA_HINT = 0x00c0_0000_0000L;

    /** Default simulated memory limit: 1 TiB. */
    public static final long DEFAULT_MAX_HEAP_BYTES = 1L << 40;

    public HeapConfig {
        if (layout == null || mode == null || triggerClamp == null || reclaimScan == null) {
            throw new IllegalArgumentException("layout, mode, triggerClamp and reclaimScan are required, got "
                    + layout + ", " + mode + ", " + triggerClamp + ", " + reclaimScan);
        }
        if (layout.pageSize() != HeapConstants.PAGE_SIZE) {
            throw new IllegalArgumentException("layout page size " + layout.pageSize() + " != " + HeapConstants.PAGE_SIZE);
        }
        if (layout.heapAddrBits() != 48 || layout.arenaBaseOffset() != 1L << 47) {
            throw new IllegalArgumentException("the page allocator needs 48 address bits and arenaBaseOffset 2^47, got "
                    + layout.heapAddrBits() + " bits, offset 0x" + Long.toHexString(layout.arenaBaseOffset()));
        }
        if (maxHeapBytes <= 0) {
            throw new IllegalArgumentException("maxHeapBytes must be positive, got " + maxHeapBytes);
        }
        if (Long.bitCount(physPageSize) != 1 || physPageSize < 4096 || physPageSize > 512 * 1024) {
            throw new IllegalArgumentException("physPageSize must be a power of two in [4096, 524288], got "
                    + physPageSize);
        }
        if (!layout.contains(firstArenaHint) || firstArenaHint % layout.heapArenaBytes() != 0) {
            throw new IllegalArgumentException("firstArenaHint 0x" + Long.toHexString(firstArenaHint)
                    + " is not an arena-aligned address of the layout");
        }
        if (gomaxprocs < 1) {
            throw new IllegalArgumentException("gomaxprocs must be at least 1, got " + gomaxprocs);
        }
    }

    /** Linux/amd64, the given mode, 1 TiB limit, 4 KiB OS pages, GOGC unset, seed clamp, Go's byte-wise reclaim
     * scan, no background sweeper, GOMAXPROCS 2, no instrumentation. */
    public static HeapConfig of(SyncMode mode) {
        return new HeapConfig(ArenaLayout.LINUX_AMD64, mode, DEFAULT_MAX_HEAP_BYTES, 4096, false, null,
                DEFAULT_ARENA_HINT, null, TriggerClamp.SEED, ReclaimScan.BYTEWISE, false, 2);
    }

    public HeapConfig withMaxHeapBytes(long bytes) {
        return new HeapConfig(layout, mode, bytes, physPageSize, instrumentLock, pageInUseOverride, firstArenaHint,
                gogc, triggerClamp, reclaimScan, backgroundSweep, gomaxprocs);
    }

    public HeapConfig withInstrumentedLock(boolean on) {
        return new HeapConfig(layout, mode, maxHeapBytes, physPageSize, on, pageInUseOverride, firstArenaHint,
                gogc, triggerClamp, reclaimScan, backgroundSweep, gomaxprocs);
    }

    public HeapConfig withPageInUseOverride(IntFunction<ByteBitmap> factory) {
        return new HeapConfig(layout, mode, maxHeapBytes, physPageSize, instrumentLock, factory, firstArenaHint,
                gogc, triggerClamp, reclaimScan, backgroundSweep, gomaxprocs);
    }

    public HeapConfig withLayout(ArenaLayout l) {
        return new HeapConfig(l, mode, maxHeapBytes, physPageSize, instrumentLock, pageInUseOverride, firstArenaHint,
                gogc, triggerClamp, reclaimScan, backgroundSweep, gomaxprocs);
    }

    public HeapConfig withGogc(String value) {
        return new HeapConfig(layout, mode, maxHeapBytes, physPageSize, instrumentLock, pageInUseOverride,
                firstArenaHint, value, triggerClamp, reclaimScan, backgroundSweep, gomaxprocs);
    }

    public HeapConfig withTriggerClamp(TriggerClamp clamp) {
        return new HeapConfig(layout, mode, maxHeapBytes, physPageSize, instrumentLock, pageInUseOverride,
                firstArenaHint, gogc, clamp, reclaimScan, backgroundSweep, gomaxprocs);
    }

    public HeapConfig withReclaimScan(ReclaimScan scan) {
        return new HeapConfig(layout, mode, maxHeapBytes, physPageSize, instrumentLock, pageInUseOverride,
                firstArenaHint, gogc, triggerClamp, scan, backgroundSweep, gomaxprocs);
    }

    public HeapConfig withBackgroundSweep(boolean on) {
        return new HeapConfig(layout, mode, maxHeapBytes, physPageSize, instrumentLock, pageInUseOverride,
                firstArenaHint, gogc, triggerClamp, reclaimScan, on, gomaxprocs);
    }

    public HeapConfig withGomaxprocs(int procs) {
        return new HeapConfig(layout, mode, maxHeapBytes, physPageSize, instrumentLock, pageInUseOverride,
                firstArenaHint, gogc, triggerClamp, reclaimScan, backgroundSweep, procs);
    }

    /** A new pageInUse bitmap of {@code sizeBytes}: the override's, else one of the mode's kind. */
    public ByteBitmap newPageInUse(int sizeBytes) {
        return pageInUseOverride != null ? pageInUseOverride.apply(sizeBytes) : mode.pageInUseKind().create(sizeBytes);
    }
}

package dev.mheap4j.heap;

import dev.mheap4j.bitmap.ArenaLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The arena metadata map {@code arenas[l1][l2]}. Go reserves the L2 array (4 Mi pointers on linux/amd64) up front
 * and lets the OS back it on touch; here each L2 array is split into pages of {@value #PAGE_ENTRIES} entries that
 * are allocated on first use, so an empty heap costs a few kilobytes.
 *
 * <p>Synchronization: entries only ever go from null to an arena. Writers hold the heap lock and store with
 * release semantics; readers (spanOf, the reclaimer, the invariant checker) load with acquire semantics and may
 * run without the lock, as Go's lock-free readers do.
 *
 * @mirrors mheap.go:mheap.arenas
 */
final class ArenaMap {

    static final int PAGE_ENTRIES = 4096;
    private static final VarHandle ARENAS = MethodHandles.arrayElementVarHandle(HeapArena[].class);
    private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(HeapArena[][].class);
    private static final VarHandle L2S = MethodHandles.arrayElementVarHandle(HeapArena[][][].class);

    private final ArenaLayout layout;
    /** [l1][l2 / PAGE_ENTRIES][l2 % PAGE_ENTRIES]; every level filled lazily under the heap lock. */
    private final HeapArena[][][] l1;

    ArenaMap(ArenaLayout layout) {
        this.layout = layout;
        this.l1 = new HeapArena[Math.toIntExact(1L << layout.arenaL1Bits())][][];
    }

    /** The arena with index {@code ai}, or null if unmapped. Lock-free. */
    HeapArena get(long ai) {
        HeapArena[][] l2 = (HeapArena[][]) L2S.getAcquire(l1, layout.l1(ai));
        if (l2 == null) {
            return null;
        }
        int i2 = layout.l2(ai);
        HeapArena[] page = (HeapArena[]) PAGES.getAcquire(l2, i2 / PAGE_ENTRIES);
        if (page == null) {
            return null;
        }
        return (HeapArena) ARENAS.getAcquire(page, i2 % PAGE_ENTRIES);
    }

    /** Records {@code arena} at its index. Heap lock held. */
    void put(HeapArena arena) {
        long ai = arena.arenaIndex();
        int i1 = layout.l1(ai);
        HeapArena[][] l2 = l1[i1];
        if (l2 == null) {
            long l2Entries = 1L << layout.arenaL2Bits();
            l2 = new HeapArena[Math.toIntExact((l2Entries + PAGE_ENTRIES - 1) / PAGE_ENTRIES)][];
            L2S.setRelease(l1, i1, l2);
        }
        int i2 = layout.l2(ai);
        HeapArena[] page = l2[i2 / PAGE_ENTRIES];
        if (page == null) {
            page = new HeapArena[PAGE_ENTRIES];
            PAGES.setRelease(l2, i2 / PAGE_ENTRIES, page);
        }
        if (page[i2 % PAGE_ENTRIES] != null) {
            throw new GoThrow("arena already initialized: index " + ai);
        }
        ARENAS.setRelease(page, i2 % PAGE_ENTRIES, arena);
    }
}

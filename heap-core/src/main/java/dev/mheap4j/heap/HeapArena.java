package dev.mheap4j.heap;

import dev.mheap4j.bitmap.ArenaLayout;
import dev.mheap4j.bitmap.ArenaPageBitmaps;
import dev.mheap4j.bitmap.ByteBitmap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The metadata of one heap arena (64 MiB on linux/amd64): which span owns each page, the page in-use and page
 * marks bitmaps, and how far into the arena memory has ever been handed out. The pointer/scalar bitmap of Go's
 * heapArena is not modelled.
 *
 * @mirrors mheap.go:heapArena
 */
public final class HeapArena {

    /** The arena index in the layout (offset address / arena size). */
    private final long arenaIndex;

    /**
     * Page to span. Allocated spans map every page to themselves; never-allocated pages map to null; entries of
     * freed spans are left stale, as Go's page allocator does.
     *
     * <p>Written by setSpans: under the heap lock in the PARENT and SEED modes, by the allocating thread before
     * it publishes the span in the ALLOC_SPAN mode. Read by the page reclaimer only with the heap lock held (the
     * entry may be stale), and lock-free by spanOf for pages known to be in use.
     *
     * @mirrors mheap.go:heapArena.spans
     */
    final MSpan[] spans;

    /**
     * The pageInUse and pageMarks bitmaps: see {@link ArenaPageBitmaps} for the access rules per mode.
     *
     * @mirrors mheap.go:heapArena.pageInUse
     */
    final ArenaPageBitmaps bitmaps;

    /**
     * Offset within the arena below which memory has been handed out before (so may be dirty). Only grows, up to
     * the arena size. Lock-free: atomic load, raised with a CAS loop by allocNeedsZero.
     *
     * @mirrors mheap.go:heapArena.zeroedBase
     */
    final AtomicLong zeroedBase = new AtomicLong();

    HeapArena(ArenaLayout layout, long arenaIndex, ByteBitmap pageInUse) {
        this.arenaIndex = arenaIndex;
        this.spans = new MSpan[layout.pagesPerArena()];
        this.bitmaps = new ArenaPageBitmaps(layout, pageInUse);
    }

    /** This arena's index. */
    public long arenaIndex() {
        return arenaIndex;
    }

    /** The pageInUse/pageMarks pair. */
    public ArenaPageBitmaps bitmaps() {
        return bitmaps;
    }

    /** The span recorded for page {@code pageInArena} (possibly stale or null). */
    public MSpan spanAt(int pageInArena) {
        return spans[pageInArena];
    }
}

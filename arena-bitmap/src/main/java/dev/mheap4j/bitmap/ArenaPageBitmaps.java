package dev.mheap4j.bitmap;

import java.util.Objects;

/**
 * The two per-page bitmaps of one heap arena: {@code pageInUse} and {@code pageMarks}, each
 * {@link ArenaLayout#pageBitmapBytes()} long (1024 bytes on linux/amd64), indexed by the byte and mask of
 * {@link ArenaLayout#pageIndexOf}.
 *
 * <p>Only the span-start page's bit is ever set: {@code pageInUse} for spans in state mSpanInUse (never for manual
 * or stack spans), {@code pageMarks} for spans with at least one marked object in the current cycle.
 *
 * @mirrors mheap.go:heapArena the pageInUse and pageMarks fields only
 */
public final class ArenaPageBitmaps {

    private final ArenaLayout layout;

    /**
     * Bit per page, set for the first page of each in-use span. Written by span allocation (or8) and span free
     * (and8); read by the page reclaimer (load8). With {@link BitmapKind#ATOMIC} every access is atomic (the seed:
     * "Reads and writes are atomic"); with {@link BitmapKind#PLAIN} every access must hold the heap lock (the
     * parent commit).
     *
     * @mirrors mheap.go:heapArena.pageInUse
     */
    private final ByteBitmap pageInUse;

    /**
     * Bit per page, set for the first page of each span with a marked object this cycle. Always atomic, whatever
     * the mode: Go sets these bits with atomic Or8 from many mark workers at once, with no lock, even before the
     * seed; it clears them with plain stores while no marker or sweeper runs (gcResetMarkState), and sweepers read
     * them without a lock after marking has finished.
     *
     * @mirrors mheap.go:heapArena.pageMarks
     */
    private final AtomicByteBitmap pageMarks;

    /**
     * Creates zeroed bitmaps for one arena of {@code layout}.
     *
     * @param pageInUseKind the kind of {@code pageInUse}; {@code pageMarks} is always {@link BitmapKind#ATOMIC}
     * @throws NullPointerException if an argument is null
     */
    public ArenaPageBitmaps(ArenaLayout layout, BitmapKind pageInUseKind) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.pageInUse = Objects.requireNonNull(pageInUseKind, "pageInUseKind").create(layout.pageBitmapBytes());
        this.pageMarks = new AtomicByteBitmap(layout.pageBitmapBytes());
    }

    /**
     * Creates bitmaps for one arena with a caller-supplied {@code pageInUse} (an instrumented one in a test that
     * stages an interleaving, say); {@code pageMarks} is a fresh atomic bitmap.
     *
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException naming the size when {@code pageInUse} is not
     *                                  {@link ArenaLayout#pageBitmapBytes()} bytes long
     */
    public ArenaPageBitmaps(ArenaLayout layout, ByteBitmap pageInUse) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.pageInUse = Objects.requireNonNull(pageInUse, "pageInUse");
        if (pageInUse.sizeBytes() != layout.pageBitmapBytes()) {
            throw new IllegalArgumentException("pageInUse has " + pageInUse.sizeBytes() + " bytes, the layout needs "
                    + layout.pageBitmapBytes());
        }
        this.pageMarks = new AtomicByteBitmap(layout.pageBitmapBytes());
    }

    /** The layout these bitmaps were sized for. */
    public ArenaLayout layout() {
        return layout;
    }

    /** @mirrors mheap.go:heapArena.pageInUse */
    public ByteBitmap pageInUse() {
        return pageInUse;
    }

    /** @mirrors mheap.go:heapArena.pageMarks */
    public AtomicByteBitmap pageMarks() {
        return pageMarks;
    }
}

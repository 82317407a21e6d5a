package dev.mheap4j.bench.sweep;

import dev.mheap4j.bitmap.ArenaLayout;
import dev.mheap4j.bitmap.ArenaPageBitmaps;
import dev.mheap4j.bitmap.BitmapKind;
import dev.mheap4j.sweep.SweepableHeap;
import dev.mheap4j.sweep.SweepableSpan;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A synthetic heap for measuring the page reclaimer's scan alone: real {@link ArenaPageBitmaps} (pageInUse of the
 * chosen kind, atomic pageMarks) for any number of arenas, and one-page spans that are all already swept for the
 * current cycle, so every claim the reclaimer attempts fails at the sweepgen check and nothing is ever swept or
 * freed. The heap's state therefore never changes and the same scan can be repeated.
 *
 * <p>All arenas share one table of {@code pagesPerArena} distinct span objects ({@code spanAt(ai, p)} is
 * {@code spans[p]}), so a 1024-arena heap needs 2 MiB of bitmaps and 8192 span objects instead of 8M.
 */
final class ScanOnlyHeap implements SweepableHeap<ScanOnlyHeap.Span> {

    /** The heap's sweep generation, fixed. */
    static final int SWEEPGEN = 4;

    /** A span already swept this cycle (sweepgen == heap sweepgen), so {@code tryClaim} fails. */
    static final class Span implements SweepableSpan {
        /** Never changes: written at construction only. */
        private final int sweepgen = SWEEPGEN;

        @Override
        public int sweepgen() {
            return sweepgen;
        }

        @Override
        public void storeSweepgen(int value) {
            throw new UnsupportedOperationException("a scan-only span is never swept");
        }

        @Override
        public boolean casSweepgen(int expected, int value) {
            return false;
        }

        @Override
        public long npages() {
            return 1;
        }
    }

    private final ArenaLayout layout = ArenaLayout.LINUX_AMD64;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArenaPageBitmaps[] bitmaps;
    private final Span[] spans;
    private final long[] arenas;

    /**
     * @param narenas       arenas (indices 0..narenas-1)
     * @param kind          the pageInUse bitmap kind (PLAIN as in PARENT, ATOMIC as in SEED and ALLOC_SPAN)
     * @param density       fraction of pages whose in-use bit is set (one-page spans)
     * @param markedFraction fraction of in-use pages also set in pageMarks
     * @param seed          random seed for which pages are set
     */
    ScanOnlyHeap(int narenas, BitmapKind kind, double density, double markedFraction, long seed) {
        bitmaps = new ArenaPageBitmaps[narenas];
        arenas = new long[narenas];
        int pages = layout.pagesPerArena();
        spans = new Span[pages];
        for (int p = 0; p < pages; p++) {
            spans[p] = new Span();
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int a = 0; a < narenas; a++) {
            arenas[a] = a;
            ArenaPageBitmaps b = new ArenaPageBitmaps(layout, kind);
            bitmaps[a] = b;
            for (int p = 0; p < pages; p++) {
                if (density >= 1.0 || rnd.nextDouble() < density) {
                    b.pageInUse().or8(p / 8, (byte) (1 << (p % 8)));
                    if (rnd.nextDouble() < markedFraction) {
                        b.pageMarks().or8(p / 8, (byte) (1 << (p % 8)));
                    }
                }
            }
        }
    }

    long[] arenas() {
        return arenas.clone();
    }

    long totalPages() {
        return (long) arenas.length * layout.pagesPerArena();
    }

    @Override
    public int sweepgen() {
        return SWEEPGEN;
    }

    @Override
    public Span popUnswept() {
        return null;
    }

    @Override
    public boolean isInUse(Span span) {
        return true;
    }

    @Override
    public boolean sweepSpan(Span span) {
        throw new UnsupportedOperationException("a scan-only span is never swept");
    }

    @Override
    public void acquireM() {
    }

    @Override
    public void releaseM() {
    }

    @Override
    public void lockHeap() {
        lock.lock();
    }

    @Override
    public void unlockHeap() {
        lock.unlock();
    }

    @Override
    public boolean heapLockHeld() {
        return lock.isHeldByCurrentThread();
    }

    @Override
    public ArenaPageBitmaps arenaBitmaps(long arenaIndex) {
        return bitmaps[(int) arenaIndex];
    }

    @Override
    public Span spanAt(long arenaIndex, int pageInArena) {
        return spans[pageInArena];
    }

    @Override
    public int pagesPerArena() {
        return layout.pagesPerArena();
    }

    @Override
    public long heapLive() {
        return 0;
    }
}

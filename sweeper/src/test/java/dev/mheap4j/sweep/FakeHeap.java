package dev.mheap4j.sweep;

import dev.mheap4j.bitmap.ArenaLayout;
import dev.mheap4j.bitmap.ArenaPageBitmaps;
import dev.mheap4j.bitmap.BitmapKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A minimal heap for the sweeper's own tests, showing that the sweeper needs nothing but {@link SweepableHeap}: spans
 * are plain objects that a "sweep" frees when they hold no live object.
 */
final class FakeHeap implements SweepableHeap<FakeHeap.Span> {

    static final class Span implements SweepableSpan {
        final long arena;
        final int firstPage;
        final long npages;
        final boolean live;
        volatile int sweepgen;
        volatile boolean inUse = true;

        Span(long arena, int firstPage, long npages, boolean live, int sweepgen) {
            this.arena = arena;
            this.firstPage = firstPage;
            this.npages = npages;
            this.live = live;
            this.sweepgen = sweepgen;
        }

        @Override
        public int sweepgen() {
            return sweepgen;
        }

        @Override
        public void storeSweepgen(int value) {
            sweepgen = value;
        }

        @Override
        public synchronized boolean casSweepgen(int expected, int value) {
            if (sweepgen != expected) {
                return false;
            }
            sweepgen = value;
            return true;
        }

        @Override
        public long npages() {
            return npages;
        }
    }

    final ArenaLayout layout = ArenaLayout.LINUX_AMD64;
    final ReentrantLock lock = new ReentrantLock();
    final Map<Long, ArenaPageBitmaps> bitmaps = new HashMap<>();
    final Map<Long, Span[]> spans = new HashMap<>();
    final ArrayDeque<Span> unswept = new ArrayDeque<>();
    final List<Span> swept = new ArrayList<>();
    final List<Span> sweepOrder = new ArrayList<>();
    int sweepgen = 2;
    long heapLive;
    /** Where sweeps report their pages (heap-core's span sweep does this), and a hook run after each sweep. */
    dev.mheap4j.pacer.SweepPacing pacing;
    Runnable afterSweep = () -> { };

    /** Adds an in-use span needing sweeping; a live span gets its pageMarks bit. */
    Span addSpan(long arena, int firstPage, long npages, boolean live) {
        ArenaPageBitmaps b = bitmaps.computeIfAbsent(arena, a -> new ArenaPageBitmaps(layout, BitmapKind.ATOMIC));
        Span[] table = spans.computeIfAbsent(arena, a -> new Span[layout.pagesPerArena()]);
        Span s = new Span(arena, firstPage, npages, live, sweepgen - 2);
        for (int p = 0; p < npages; p++) {
            table[firstPage + p] = s;
        }
        b.pageInUse().or8(firstPage / 8, (byte) (1 << (firstPage % 8)));
        if (live) {
            b.pageMarks().or8(firstPage / 8, (byte) (1 << (firstPage % 8)));
        }
        unswept.push(s);
        return s;
    }

    @Override
    public int sweepgen() {
        return sweepgen;
    }

    @Override
    public synchronized Span popUnswept() {
        return unswept.poll();
    }

    @Override
    public boolean isInUse(Span span) {
        return span.inUse;
    }

    @Override
    public boolean sweepSpan(Span s) {
        synchronized (this) {
            sweepOrder.add(s);
        }
        if (pacing != null) {
            pacing.addPagesSwept(s.npages);
        }
        SweepGen.finish(s, sweepgen);
        afterSweep.run();
        if (s.live) {
            synchronized (this) {
                swept.add(s);
            }
            return false;
        }
        lock.lock();
        try {
            s.inUse = false;
            bitmaps.get(s.arena).pageInUse().and8(s.firstPage / 8, (byte) ~(1 << (s.firstPage % 8)));
        } finally {
            lock.unlock();
        }
        return true;
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
        return bitmaps.get(arenaIndex);
    }

    @Override
    public Span spanAt(long arenaIndex, int pageInArena) {
        return spans.get(arenaIndex)[pageInArena];
    }

    @Override
    public int pagesPerArena() {
        return layout.pagesPerArena();
    }

    @Override
    public long heapLive() {
        return heapLive;
    }

    long[] arenas() {
        return spans.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
    }
}

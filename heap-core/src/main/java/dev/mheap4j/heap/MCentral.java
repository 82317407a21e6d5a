package dev.mheap4j.heap;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.mheap4j.sweep.SweepGen;
import dev.mheap4j.sweep.SweepSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The central list of spans of one span class: {@code nonempty} spans have a free object (or may, once swept),
 * {@code empty} spans have none or are cached in an mcache. Swept spans sit at the end of {@code empty}.
 *
 * <p>Sweep-generation checks (see {@link MSpan}): a span at sg-2 is claimed with a CAS and swept before use; a
 * span at sg-1 is being swept by someone else and skipped; anything else is usable.
 *
 * @mirrors mcentral.go:mcentral
 */
final class MCentral {

    private final MHeap heap;

    /** @mirrors mcentral.go:mcentral.spanclass */
    private final int spanclass;

    /**
     * Guards both lists (and the list links of the spans on them).
     *
     * @mirrors mcentral.go:mcentral.lock
     */
    private final ReentrantLock lock = new ReentrantLock();

    /** @mirrors mcentral.go:mcentral.nonempty */
    @GuardedBy("lock")
    final MSpanList nonempty = new MSpanList();

    /** @mirrors mcentral.go:mcentral.empty */
    @GuardedBy("lock")
    final MSpanList empty = new MSpanList();

    /**
     * Objects handed to mcaches (cumulative; adjusted down when a span is uncached with free slots). Atomic adds.
     *
     * @mirrors mcentral.go:mcentral.nmalloc
     */
    final AtomicLong nmalloc = new AtomicLong();

    MCentral(MHeap heap, int spanclass) {
        this.heap = heap;
        this.spanclass = spanclass;
    }

    /**
     * Finds a span with a free object for an mcache: a nonempty span (sweeping it first if needed), else an
     * empty one that sweeping frees something in, else a fresh span from the heap. The span is moved to the back
     * of {@code empty}, and heap_live is charged for all of its free slots as if the mcache will fill them.
     *
     * @throws HeapExhaustedException when a fresh span is needed and the heap cannot grow
     * @mirrors mcentral.go:(*mcentral).cacheSpan
     */
    MSpan cacheSpan(MCache cache) {
        long spanBytes = (long) SizeClasses.classToAllocNPages(SpanClass.sizeclass(spanclass)) * HeapConstants.PAGE_SIZE;
        heap.deductSweepCredit(spanBytes, 0);

        MSpan s = findSpanToCache();
        if (s == null) {
            s = grow(cache);
            lock.lock();
            try {
                empty.insertBack(s);
            } finally {
                lock.unlock();
            }
        }
        // havespan: s has a free object and sits at the end of empty; the lock is not held.
        int n = s.nelems - s.allocCount;
        if (n == 0 || s.freeindex == s.nelems || s.allocCount == s.nelems) {
            throw new GoThrow("span has no free objects: " + s);
        }
        nmalloc.addAndGet(n);
        long usedBytes = (long) s.allocCount * s.elemsize;
        heap.stats().heapLive.addAndGet(spanBytes - usedBytes);
        int freeByteBase = s.freeindex & ~63;
        s.refillAllocCache(freeByteBase >>> 3);
        s.allocCache >>>= s.freeindex & 63;
        return s;
    }

    /** The list walk of cacheSpan; returns a usable span (unlocked) or null when the heap must supply one. */
    private MSpan findSpanToCache() {
        lock.lock();
        boolean locked = true;
        try {
            int sg = heap.sweepgen();
            retry:
            while (true) {
                for (MSpan s = nonempty.first; s != null; s = s.next) {
                    if (SweepGen.tryClaim(s, sg)) {
                        nonempty.remove(s);
                        empty.insertBack(s);
                        lock.unlock();
                        locked = false;
                        sweepHere(s, true);
                        return s;
                    }
                    if (SweepGen.isBeingSwept(s.sweepgen(), sg)) {
                        continue; // a background sweeper has it
                    }
                    nonempty.remove(s);
                    empty.insertBack(s);
                    lock.unlock();
                    locked = false;
                    return s;
                }
                for (MSpan s = empty.first; s != null; s = s.next) {
                    if (SweepGen.tryClaim(s, sg)) {
                        // Maybe sweeping frees a slot; swept spans go to the end.
                        empty.remove(s);
                        empty.insertBack(s);
                        lock.unlock();
                        locked = false;
                        sweepHere(s, true);
                        int freeIndex = s.nextFreeIndex();
                        if (freeIndex != s.nelems) {
                            s.freeindex = freeIndex;
                            return s;
                        }
                        lock.lock();
                        locked = true;
                        continue retry;
                    }
                    if (SweepGen.isBeingSwept(s.sweepgen(), sg)) {
                        continue;
                    }
                    // An already swept empty span: every later one is swept or being swept too.
                    break;
                }
                return null;
            }
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /**
     * Returns a span from an mcache. A span cached before the current sweep began (sweepgen sg+1) is the caller's
     * to sweep, which happens after it is back on the right list.
     *
     * @throws GoThrow "uncaching span but s.allocCount == 0" for a span nothing was allocated from
     * @mirrors mcentral.go:(*mcentral).uncacheSpan
     */
    void uncacheSpan(MSpan s) {
        if (s.allocCount == 0) {
            throw new GoThrow("uncaching span but s.allocCount == 0: " + s);
        }
        // A span cached before this sweep began becomes "being swept" (by us, below); any other is just swept.
        boolean stale = SweepGen.uncache(s, heap.sweepgen());
        int n = s.nelems - s.allocCount;
        if (n > 0) {
            // cacheSpan charged every free slot; undo it for the slots the mcache did not use.
            nmalloc.addAndGet(-n);
            lock.lock();
            try {
                empty.remove(s);
                nonempty.insert(s);
                if (!stale) {
                    // For a stale span heap_live has been recomputed by the mark phase since it was cached.
                    heap.stats().heapLive.addAndGet(-(long) n * s.elemsize);
                }
            } finally {
                lock.unlock();
            }
        }
        if (stale) {
            sweepHere(s, false);
        }
    }

    /** Sweeps a span this mcentral claimed, counting the work as {@link SweepSource#CENTRAL}. */
    private boolean sweepHere(MSpan s, boolean preserve) {
        long npages = s.npages;
        boolean freed = SpanSweep.sweep(heap, s, preserve);
        heap.sweeper().recordSwept(SweepSource.CENTRAL, npages);
        return freed;
    }

    /**
     * Finishes a sweep that freed objects of {@code s}: sets its sweepgen to sg, moves it to nonempty if it was
     * full, and returns it to the heap if nothing in it is allocated any more. Returns whether it went to the heap.
     *
     * @throws GoThrow "freeSpan given cached span" for a span an mcache holds; "can't preserve unlinked span"
     * @mirrors mcentral.go:(*mcentral).freeSpan
     */
    boolean freeSpan(MSpan s, boolean preserve, boolean wasempty) {
        int sg = heap.sweepgen();
        if (SweepGen.isCached(s.sweepgen(), sg)) {
            throw new GoThrow("freeSpan given cached span: " + s);
        }
        s.needzero = true;
        if (preserve) {
            if (!s.inList()) {
                throw new GoThrow("can't preserve unlinked span: " + s);
            }
            SweepGen.finish(s, sg);
            return false;
        }
        lock.lock();
        try {
            if (wasempty) {
                empty.remove(s);
                nonempty.insert(s);
            }
            // The sweepgen store tells mcaches the span is usable, so it comes after the list move.
            SweepGen.finish(s, sg);
            if (s.allocCount != 0) {
                return false;
            }
            nonempty.remove(s);
        } finally {
            lock.unlock();
        }
        heap.freeSpan(s);
        return true;
    }

    /**
     * A fresh span of this class from the heap, with its object limit set.
     *
     * @mirrors mcentral.go:(*mcentral).grow
     */
    private MSpan grow(MCache cache) {
        int sizeclass = SpanClass.sizeclass(spanclass);
        long npages = SizeClasses.classToAllocNPages(sizeclass);
        long size = SizeClasses.classToSize(sizeclass);
        MSpan s = heap.alloc(npages, spanclass, true, cache);
        long n = (npages << HeapConstants.PAGE_SHIFT) / size;
        s.limit = s.base() + size * n;
        return s;
    }

    int spanclass() {
        return spanclass;
    }

    /** Runs {@code action} under this mcentral's lock (for invariant checks). */
    <T> T withLock(java.util.function.Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}

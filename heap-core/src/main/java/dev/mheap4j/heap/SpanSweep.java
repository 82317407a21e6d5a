package dev.mheap4j.heap;

import dev.mheap4j.sweep.SweepGen;

/**
 * Object-level sweeping of one span: what survives is what the last mark phase marked. The mark bits become the
 * allocation bits, the span gets fresh mark bits, and the span goes back to its mcentral, or, if nothing in it
 * survived and it holds a large object (or its mcentral finds it empty), back to the heap.
 *
 * <p>Not modelled: specials (finalizers and heap profile records), so an unmarked object is always freed;
 * debug.efence; the trace and race hooks.
 */
final class SpanSweep {

    private SpanSweep() {
    }

    /**
     * Sweeps {@code s}, which the caller claimed (its sweepgen is sg-1). Returns whether the span was returned to
     * the heap. With {@code preserve} (from mcentral.cacheSpan), the span is neither freed to the heap nor moved
     * between mcentral lists.
     *
     * @throws GoThrow "mspan.sweep: bad span state" when the span is not in use or not claimed for this
     *                 generation (nothing is changed); "sweep increased allocation count" when more objects are
     *                 marked than allocated (nothing is changed)
     * @mirrors mgcsweep.go:(*mspan).sweep
     */
    static boolean sweep(MHeap h, MSpan s, boolean preserve) {
        int sweepgen = h.sweepgen();
        MSpanState state = s.state();
        if (state != MSpanState.IN_USE || !SweepGen.isBeingSwept(s.sweepgen(), sweepgen)) {
            throw new GoThrow("mspan.sweep: bad span state: state=" + state + " sweepgen=" + s.sweepgen()
                    + " mheap.sweepgen=" + sweepgen);
        }
        int nalloc = s.countAlloc();
        if (nalloc > s.allocCount) {
            throw new GoThrow("sweep increased allocation count: nelems=" + s.nelems + " nalloc=" + nalloc
                    + " previous allocCount=" + s.allocCount);
        }
        h.pacer().sweepPacing().addPagesSwept(s.npages);

        int spc = s.spanclass;
        int sizeclass = SpanClass.sizeclass(spc);
        boolean freeToHeap = false;
        if (sizeclass == 0 && nalloc == 0) {
            s.needzero = true;
            freeToHeap = true;
        }
        int nfreed = s.allocCount - nalloc;
        s.allocCount = nalloc;
        boolean wasempty = s.nextFreeIndex() == s.nelems;
        s.freeindex = 0;

        // The marks are the new allocation state; the old allocation bits become the next cycle's clean marks.
        GcBits.swap(s.allocBits, s.gcmarkBits);
        s.gcmarkBits.reset(s.nelems);
        s.refillAllocCache(0);

        if (freeToHeap || nfreed == 0) {
            // Still ours until sweepgen moves; re-check that nobody else touched it.
            if (s.state() != MSpanState.IN_USE || !SweepGen.isBeingSwept(s.sweepgen(), sweepgen)) {
                throw new GoThrow("mspan.sweep: bad span state after sweep: state=" + s.state() + " sweepgen="
                        + s.sweepgen() + " mheap.sweepgen=" + sweepgen);
            }
            SweepGen.finish(s, sweepgen);
        }

        boolean res = false;
        if (nfreed > 0 && sizeclass != 0) {
            h.nsmallfree.addAndGet(sizeclass, nfreed);
            res = h.central(spc).freeSpan(s, preserve, wasempty);
        } else if (freeToHeap) {
            long size = s.elemsize;
            h.freeSpan(s);
            h.nlargefree.incrementAndGet();
            h.largefree.addAndGet(size);
            res = true;
        }
        if (!res) {
            h.sweptSpans().push(s);
        }
        return res;
    }
}

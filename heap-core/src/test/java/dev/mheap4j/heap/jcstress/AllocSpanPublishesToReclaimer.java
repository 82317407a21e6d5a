package dev.mheap4j.heap.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.mheap4j.heap.HeapArena;
import dev.mheap4j.heap.HeapConfig;
import dev.mheap4j.heap.MHeap;
import dev.mheap4j.heap.MSpan;
import dev.mheap4j.heap.MSpanState;
import dev.mheap4j.heap.SpanClass;
import dev.mheap4j.heap.SyncMode;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * The publication rule on the real heap in the ALLOC_SPAN mode (Go's a762221bea): allocSpan initialises the span,
 * records it in the spans table and sets its in-use bit after releasing the heap lock, while the page reclaimer,
 * holding the heap lock, load8s the bit and then reads the spans entry. A reader that sees the bit must see the
 * span fully initialised.
 *
 * <p>Result: r1 = bit seen (0/1); r2 = npages through the spans entry (-1: no entry yet); r3 = 1 if that span's
 * state is IN_USE (0 if not, -1 no entry); r4 = 1 if its sweepgen equals the heap's (0 if not, -1 no entry).
 */
@JCStressTest
@Description("In the ALLOC_SPAN mode, a reclaimer that sees a span's in-use bit sees its spans entry, npages, state and"
        + " sweepgen written.")
@Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "bit seen, span fully initialised")
@Outcome(id = "0, .*", expect = ACCEPTABLE, desc = "bit not seen yet: the reclaimer skips the page")
@Outcome(expect = FORBIDDEN, desc = "bit seen but the span or its spans entry not yet initialised")
@State
public class AllocSpanPublishesToReclaimer {

    private static final int LARGE = SpanClass.make(0, true);

    private final MHeap heap = new MHeap(HeapConfig.of(SyncMode.ALLOC_SPAN));
    private final long firstPage;

    public AllocSpanPublishesToReclaimer() {
        // Map the first arena and take its first page with a manual span (no in-use bit), so the span under test
        // is the next page, whose bit shares the byte.
        firstPage = heap.allocManual(1).base();
    }

    @Actor
    public void allocSpan() {
        heap.alloc(1, LARGE, false);
    }

    @Actor
    public void reclaimChunk(IIII_Result r) {
        long page = firstPage + 8192;
        heap.withLock(view -> {
            HeapArena ha = heap.arenaOf(page);
            int inUse = ha.bitmaps().pageInUse().load8(heap.layout().pageByteIndex(page))
                    & heap.layout().pageMask(page);
            MSpan s = ha.spanAt(heap.layout().pageInArena(page));
            r.r1 = inUse != 0 ? 1 : 0;
            r.r2 = s == null ? -1 : (int) s.npages();
            r.r3 = s == null ? -1 : (s.state() == MSpanState.IN_USE ? 1 : 0);
            r.r4 = s == null ? -1 : (s.sweepgen() == heap.sweepgen() ? 1 : 0);
            return null;
        });
    }
}

package dev.mheap4j.bitmap.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.mheap4j.bitmap.AtomicByteBitmap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Go's publication rule (spec §3.2): allocation initialises the span and its spans[] entry with plain writes, then
 * sets the pageInUse bit with Or8; the page reclaimer Load8s the bit and, if set, reads spans[page] and the span's
 * fields with plain reads. A reader that sees the bit must see the span fully initialised.
 *
 * <p>Result: r1 = bit seen (0/1); r2 = npages read through the spans entry (-1 if the entry was still null);
 * r3 = sweepgen likewise.
 */
@JCStressTest
@Description("A reader whose AtomicByteBitmap.load8 sees a bit set by or8 sees every plain write made before the or8.")
@Outcome(id = "1, 5, 7", expect = ACCEPTABLE, desc = "bit seen, span fully initialised")
@Outcome(id = "0, .*", expect = ACCEPTABLE, desc = "bit not seen yet; the reader skips the page, whatever it read")
@Outcome(expect = FORBIDDEN, desc = "bit seen but the span (or its spans entry) not yet initialised")
@State
public class AtomicOr8PublishesSpan {

    /** A stand-in for mspan: plain, non-final fields, as Go's are. */
    static final class Span {
        int npages;
        int sweepgen;
    }

    private final AtomicByteBitmap pageInUse = new AtomicByteBitmap(8);

    /** Stand-in for heapArena.spans[page]: written plainly by the allocator before the or8, read plainly after. */
    private Span spanOfPage;

    @Actor
    public void allocSpan() {
        Span s = new Span();
        s.npages = 5;
        s.sweepgen = 7;
        spanOfPage = s;
        pageInUse.or8(0, (byte) 0x10);
    }

    @Actor
    public void reclaimChunk(III_Result r) {
        int inUse = pageInUse.load8(0) & 0x10;
        Span s = spanOfPage;
        r.r1 = inUse != 0 ? 1 : 0;
        r.r2 = s == null ? -1 : s.npages;
        r.r3 = s == null ? -1 : s.sweepgen;
    }
}

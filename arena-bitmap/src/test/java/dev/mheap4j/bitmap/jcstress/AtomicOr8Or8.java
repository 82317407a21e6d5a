package dev.mheap4j.bitmap.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.mheap4j.bitmap.AtomicByteBitmap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Two spans whose first pages share a pageInUse byte are allocated at once (a762221bea sets the bit after dropping
 * the heap lock): both bits must survive.
 */
@JCStressTest
@Description("AtomicByteBitmap.or8 on two bits of one byte from two threads never loses an update.")
@Outcome(id = "129", expect = ACCEPTABLE, desc = "both bits set (0x81)")
@Outcome(expect = FORBIDDEN, desc = "an or8 was lost")
@State
public class AtomicOr8Or8 {

    private final AtomicByteBitmap bitmap = new AtomicByteBitmap(8);

    @Actor
    public void allocLowPage() {
        bitmap.or8(5, (byte) 0x01);
    }

    @Actor
    public void allocHighPage() {
        bitmap.or8(5, (byte) 0x80);
    }

    @Arbiter
    public void check(I_Result r) {
        r.r1 = bitmap.load8(5) & 0xff;
    }
}

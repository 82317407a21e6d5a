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
 * One span is allocated (or8 of bit 0) while another, whose first page shares the byte, is freed (and8 clearing
 * bit 6), as allocSpan (no lock) and freeSpanLocked (lock) can do after a762221bea. Bit 3 belongs to a third span
 * that stays in use throughout.
 */
@JCStressTest
@Description("AtomicByteBitmap.or8 and and8 on different bits of one byte never lose an update.")
@Outcome(id = "9", expect = ACCEPTABLE, desc = "bit 0 set, bit 6 cleared, bit 3 kept (0x09)")
@Outcome(expect = FORBIDDEN, desc = "an update was lost or an unrelated bit changed")
@State
public class AtomicOr8And8 {

    private final AtomicByteBitmap bitmap = new AtomicByteBitmap(8);

    public AtomicOr8And8() {
        bitmap.store8(2, (byte) 0x48);
    }

    @Actor
    public void allocSpan() {
        bitmap.or8(2, (byte) 0x01);
    }

    @Actor
    public void freeSpan() {
        bitmap.and8(2, (byte) ~0x40);
    }

    @Arbiter
    public void check(I_Result r) {
        r.r1 = bitmap.load8(2) & 0xff;
    }
}

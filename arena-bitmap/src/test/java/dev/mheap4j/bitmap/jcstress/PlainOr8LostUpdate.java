package dev.mheap4j.bitmap.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.mheap4j.bitmap.PlainByteBitmap;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Why the seed made pageInUse atomic: the parent commit's plain OR-assign, run by two threads without the heap
 * lock (as a762221bea's allocSpan would), loses updates. The lost update is a demonstration, not a pass condition:
 * it is ACCEPTABLE_INTERESTING, so the test passes whether or not this run happens to hit it.
 */
@JCStressTest
@Description("PlainByteBitmap.or8 without a lock: two read-modify-writes of one byte can lose one update.")
@Outcome(id = "129", expect = ACCEPTABLE, desc = "both bits set (0x81): the writes did not overlap")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "lost update: only 0x01 survived")
@Outcome(id = "128", expect = ACCEPTABLE_INTERESTING, desc = "lost update: only 0x80 survived")
@Outcome(expect = FORBIDDEN, desc = "a value no interleaving of the two writes can produce")
@State
public class PlainOr8LostUpdate {

    private final PlainByteBitmap bitmap = new PlainByteBitmap(8);

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

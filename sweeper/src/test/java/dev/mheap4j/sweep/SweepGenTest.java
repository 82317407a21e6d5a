package dev.mheap4j.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The protocol table, one transition at a time. */
class SweepGenTest {

    private static FakeHeap.Span span(int gen) {
        return new FakeHeap.Span(0, 0, 1, false, gen);
    }

    @Test
    void statesRelativeToTheHeapGeneration() {
        int sg = 10;
        assertThat(SweepGen.needsSweep(8, sg)).isTrue();
        assertThat(SweepGen.isBeingSwept(9, sg)).isTrue();
        assertThat(SweepGen.isSwept(10, sg)).isTrue();
        assertThat(SweepGen.isSwept(13, sg)).isTrue();
        assertThat(SweepGen.isCached(11, sg)).isTrue();
        assertThat(SweepGen.isStaleCached(11, sg)).isTrue();
        assertThat(SweepGen.isSweptCached(13, sg)).isTrue();
        assertThat(SweepGen.needsSweep(10, sg)).isFalse();
        assertThat(SweepGen.describe(12, sg)).startsWith("invalid");
    }

    @Test
    void claimSucceedsOnceOnlyFromSgMinusTwo() {
        FakeHeap.Span s = span(8);
        assertThat(SweepGen.tryClaim(s, 10)).isTrue();
        assertThat(s.sweepgen()).isEqualTo(9);
        assertThat(SweepGen.tryClaim(s, 10)).isFalse();
        SweepGen.finish(s, 10);
        assertThat(s.sweepgen()).isEqualTo(10);
        assertThat(SweepGen.tryClaim(s, 10)).isFalse();
    }

    @Test
    void cacheAndUncache() {
        FakeHeap.Span s = span(10);
        SweepGen.cache(s, 10);
        assertThat(s.sweepgen()).isEqualTo(13);
        assertThat(SweepGen.uncache(s, 10)).as("fresh: no sweep needed").isFalse();
        assertThat(s.sweepgen()).isEqualTo(10);

        SweepGen.cache(s, 10);
        // A GC happens: the heap's generation moves to 12, so the cached span is now sg+1 (stale).
        assertThat(SweepGen.isStaleCached(s.sweepgen(), 12)).isTrue();
        assertThat(SweepGen.uncache(s, 12)).as("stale: the uncacher must sweep it").isTrue();
        assertThat(s.sweepgen()).as("being swept").isEqualTo(11);
    }
}

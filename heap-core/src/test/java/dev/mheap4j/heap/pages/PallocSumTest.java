package dev.mheap4j.heap.pages;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Packed summaries and mergeSummaries (no Go test of their own at dac936a4; checked against definitions). */
class PallocSumTest {

    @Test
    void packRoundTripsAndFreeChunkSumMatchesGo() {
        long s = PallocSum.pack(3, 511, 17);
        assertThat(PallocSum.start(s)).isEqualTo(3);
        assertThat(PallocSum.max(s)).isEqualTo(511);
        assertThat(PallocSum.end(s)).isEqualTo(17);
        assertThat(PallocSum.FREE_CHUNK_SUM).as("spec 1.2").isEqualTo(0x0008_0000_4000_0200L);
        assertThat(PallocSum.pack(0, 0, 0)).isZero();
    }

    @Test
    void rootMaximumUsesBit63() {
        long full = PallocSum.pack(PallocSum.MAX_PACKED_VALUE, PallocSum.MAX_PACKED_VALUE, PallocSum.MAX_PACKED_VALUE);
        assertThat(full).isEqualTo(1L << 63);
        assertThat(PallocSum.start(full)).isEqualTo(1L << 21);
        assertThat(PallocSum.max(full)).isEqualTo(1L << 21);
        assertThat(PallocSum.end(full)).isEqualTo(1L << 21);
        long almost = PallocSum.pack((1 << 21) - 1, (1 << 21) - 1, (1 << 21) - 1);
        assertThat(almost).isPositive();
        assertThat(PallocSum.max(almost)).isEqualTo((1 << 21) - 1);
    }

    @Test
    void eightFreeLevel1SummariesMergeToTheRootEncoding() {
        long[] sums = new long[8];
        long free = PallocSum.pack(1 << 18, 1 << 18, 1 << 18);
        java.util.Arrays.fill(sums, free);
        assertThat(PallocSum.mergeSummaries(sums, 0, 8, 18)).isEqualTo(1L << 63);
    }

    /** mergeSummaries of 8 chunk summaries equals the summary of the concatenated 4096-page bitmap. */
    @Test
    void mergeSummariesMatchesSummaryOfConcatenation() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        int w = PageAllocLayout.WORDS_PER_CHUNK_BITMAP;
        for (int iter = 0; iter < 500; iter++) {
            long[] bits = new long[8 * w];
            for (int k = 0; k < bits.length; k++) {
                int kind = rnd.nextInt(5);
                bits[k] = kind <= 1 ? 0 : kind == 2 ? -1L : rnd.nextLong() | rnd.nextLong();
            }
            long[] sums = new long[8];
            for (int c = 0; c < 8; c++) {
                sums[c] = PallocBits.summarize(bits, c * w);
            }
            int n = bits.length * 64;
            int start = 0;
            while (start < n && PageBits.get(bits, 0, start) == 0) {
                start++;
            }
            int end = 0;
            while (end < n && PageBits.get(bits, 0, n - end - 1) == 0) {
                end++;
            }
            int max = 0;
            int run = 0;
            for (int i = 0; i < n; i++) {
                run = PageBits.get(bits, 0, i) == 0 ? run + 1 : 0;
                max = Math.max(max, run);
            }
            assertThat(PallocSum.mergeSummaries(sums, 0, 8, PageAllocLayout.LOG_PALLOC_CHUNK_PAGES))
                    .as("seed %d iter %d", seed, iter).isEqualTo(PallocSum.pack(start, max, end));
        }
    }
}

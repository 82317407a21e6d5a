package dev.mheap4j.heap.pages;

import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_PAGES;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.checkPallocBits;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.invert;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.makePallocBits;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.r;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.ranges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mheap4j.heap.pages.PageAllocTestSupport.BitRange;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ports of Go's mpallocbits_test.go at dac936a4, same case names and vectors. */
class PallocBitsTest {

    private static final int NONE = PallocBits.NOT_FOUND;
    private static final int W = PageAllocLayout.WORDS_PER_CHUNK_BITMAP;

    static Stream<Arguments> allocRangeCases() {
        long[] oneLow = new long[W];
        oneLow[0] = 0x1;
        long[] oneHigh = new long[W];
        oneHigh[W - 1] = 1L << 63;
        long[] inner = new long[W];
        inner[2] = 0x3e;
        long[] aligned = new long[W];
        aligned[2] = -1L;
        aligned[3] = -1L;
        long[] begin = new long[W];
        for (int i = 0; i <= 4; i++) {
            begin[i] = -1L;
        }
        begin[5] = 0x1;
        long[] end = new long[W];
        end[W - 1] = -1L;
        end[W - 2] = -1L;
        end[W - 3] = -1L;
        end[W - 4] = 1L << 63;
        long[] all = new long[W];
        java.util.Arrays.fill(all, -1L);
        return Stream.of(
                arguments("OneLow", 0, 1, oneLow),
                arguments("OneHigh", PALLOC_CHUNK_PAGES - 1, 1, oneHigh),
                arguments("Inner", 129, 5, inner),
                arguments("Aligned", 128, 128, aligned),
                arguments("Begin", 0, 321, begin),
                arguments("End", PALLOC_CHUNK_PAGES - (64 * 3 + 1), 64 * 3 + 1, end),
                arguments("All", 0, PALLOC_CHUNK_PAGES, all));
    }

    /** TestPallocBitsAllocRange: setting one range yields exactly the expected words. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allocRangeCases")
    void allocRange(String name, int i, int n, long[] want) {
        checkPallocBits(name, makePallocBits(List.of(r(i, n))), 0, want, 0);
        assertThat(makePallocBits(List.of(r(i, n)))).as(name).containsExactly(want);
    }

    record Popcnt(int i, int n, int want) {}

    static Stream<Arguments> popcntCases() {
        int p = PALLOC_CHUNK_PAGES;
        return Stream.of(
                arguments("None", ranges(), List.of(
                        new Popcnt(0, 1, 0), new Popcnt(5, 3, 0), new Popcnt(2, 11, 0),
                        new Popcnt(p / 4 + 1, p / 2, 0), new Popcnt(0, p, 0))),
                arguments("All", ranges(r(0, p)), List.of(
                        new Popcnt(0, 1, 1), new Popcnt(5, 3, 3), new Popcnt(2, 11, 11),
                        new Popcnt(p / 4 + 1, p / 2, p / 2), new Popcnt(0, p, p))),
                arguments("Half", ranges(r(p / 2, p / 2)), List.of(
                        new Popcnt(0, 1, 0), new Popcnt(5, 3, 0), new Popcnt(2, 11, 0),
                        new Popcnt(p / 2 - 1, 1, 0), new Popcnt(p / 2, 1, 1), new Popcnt(p / 2 + 10, 1, 1),
                        new Popcnt(p / 2 - 1, 2, 1), new Popcnt(p / 4, p / 4, 0), new Popcnt(p / 4, p / 4 + 1, 1),
                        new Popcnt(p / 4 + 1, p / 2, p / 4 + 1), new Popcnt(0, p, p / 2))),
                arguments("OddBound", ranges(r(0, 111)), List.of(
                        new Popcnt(0, 1, 1), new Popcnt(5, 3, 3), new Popcnt(2, 11, 11), new Popcnt(110, 2, 1),
                        new Popcnt(99, 50, 12), new Popcnt(110, 1, 1), new Popcnt(111, 1, 0), new Popcnt(99, 1, 1),
                        new Popcnt(120, 1, 0), new Popcnt(p / 2, p / 2, 0), new Popcnt(0, p, 111))),
                arguments("Scattered", ranges(
                        r(1, 3), r(5, 1), r(7, 1), r(10, 2), r(13, 1), r(15, 4),
                        r(21, 1), r(23, 1), r(26, 2), r(30, 5), r(36, 2), r(40, 3),
                        r(44, 6), r(51, 1), r(53, 2), r(58, 3), r(63, 1), r(67, 2),
                        r(71, 10), r(84, 1), r(89, 7), r(99, 2), r(103, 1), r(107, 2),
                        r(111, 1), r(113, 1), r(115, 1), r(118, 1), r(120, 2), r(125, 5)), List.of(
                        new Popcnt(0, 11, 6), new Popcnt(0, 64, 39), new Popcnt(13, 64, 40),
                        new Popcnt(64, 64, 34), new Popcnt(0, 128, 73), new Popcnt(1, 128, 74),
                        new Popcnt(0, p, 75))));
    }

    /** TestMallocBitsPopcntRange. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("popcntCases")
    void mallocBitsPopcntRange(String name, List<BitRange> init, List<Popcnt> tests) {
        long[] b = makePallocBits(init);
        for (Popcnt h : tests) {
            assertThat(PageBits.popcntRange(b, 0, h.i(), h.n()))
                    .as("%s: popcnt(i=%d, n=%d)", name, h.i(), h.n()).isEqualTo(h.want());
        }
    }

    /**
     * Go's obviously correct summary: scan for the free prefix, the free suffix and the longest free run.
     *
     * @mirrors export_test.go:SummarizeSlow
     */
    static long summarizeSlow(long[] b) {
        int n = PALLOC_CHUNK_PAGES;
        int start = 0;
        while (start < n && PageBits.get(b, 0, start) == 0) {
            start++;
        }
        int end = 0;
        while (end < n && PageBits.get(b, 0, n - end - 1) == 0) {
            end++;
        }
        int max = 0;
        int run = 0;
        for (int i = 0; i < n; i++) {
            run = PageBits.get(b, 0, i) == 0 ? run + 1 : 0;
            max = Math.max(max, run);
        }
        return PallocSum.pack(start, max, end);
    }

    static void checkPallocSum(String what, long got, long want) {
        assertThat(PallocSum.start(got)).as("%s: start", what).isEqualTo(PallocSum.start(want));
        assertThat(PallocSum.max(got)).as("%s: max", what).isEqualTo(PallocSum.max(want));
        assertThat(PallocSum.end(got)).as("%s: end", what).isEqualTo(PallocSum.end(want));
    }

    /**
     * TestPallocBitsSummarizeRandom: 1000 random bitmaps against the slow reference. Go uses uniform words, which
     * almost never have long runs; half of ours also mix in all-zero and all-one words to exercise long runs.
     */
    @Test
    void summarizeRandom() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] b = new long[W];
        for (int i = 0; i < 1000; i++) {
            for (int k = 0; k < W; k++) {
                long v = rnd.nextLong();
                if (i % 2 == 1) {
                    int kind = rnd.nextInt(4);
                    v = kind == 0 ? 0 : kind == 1 ? -1L : kind == 2 ? v & rnd.nextLong() & rnd.nextLong() : v;
                }
                b[k] = v;
            }
            checkPallocSum("seed " + seed + " iteration " + i + " bits " + java.util.Arrays.toString(b),
                    PallocBits.summarize(b, 0), summarizeSlow(b));
        }
    }

    static Stream<Arguments> summarizeCases() {
        int p = PALLOC_CHUNK_PAGES;
        return Stream.of(
                arguments("NoneFree", ranges(), PallocSum.pack(0, 0, 0)),
                arguments("OnlyStart", ranges(r(0, 10)), PallocSum.pack(10, 10, 0)),
                arguments("OnlyEnd", ranges(r(p - 40, 40)), PallocSum.pack(0, 40, 40)),
                arguments("StartAndEnd", ranges(r(0, 11), r(p - 23, 23)), PallocSum.pack(11, 23, 23)),
                arguments("StartMaxEnd", ranges(r(0, 4), r(50, 100), r(p - 4, 4)), PallocSum.pack(4, 100, 4)),
                arguments("OnlyMax", ranges(r(1, 20), r(35, 241), r(p - 50, 30)), PallocSum.pack(0, 241, 0)),
                arguments("MultiMax", ranges(r(35, 2), r(40, 5), r(100, 5)), PallocSum.pack(0, 5, 0)),
                arguments("One", ranges(r(2, 1)), PallocSum.pack(0, 1, 0)),
                arguments("AllFree", ranges(r(0, p)), PallocSum.pack(p, p, p)));
    }

    /** TestPallocBitsSummarize: the listed ranges are FREE, the rest allocated. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("summarizeCases")
    void summarize(String name, List<BitRange> free, long want) {
        long[] b = makePallocBits(free);
        invert(b);
        checkPallocSum(name, PallocBits.summarize(b, 0), want);
    }

    static Stream<Arguments> allocCases() {
        int p = PALLOC_CHUNK_PAGES;
        return Stream.of(
                arguments("AllFree1", ranges(), 1, new int[] {0, 1, 2, 3, 4, 5}, ranges(r(0, 6))),
                arguments("AllFree2", ranges(), 2, new int[] {0, 2, 4, 6, 8, 10}, ranges(r(0, 12))),
                arguments("AllFree5", ranges(), 5, new int[] {0, 5, 10, 15, 20}, ranges(r(0, 25))),
                arguments("AllFree64", ranges(), 64, new int[] {0, 64, 128}, ranges(r(0, 192))),
                arguments("AllFree65", ranges(), 65, new int[] {0, 65, 130}, ranges(r(0, 195))),
                arguments("SomeFree64", ranges(r(0, 32), r(64, 32), r(100, p - 100)), 64, new int[] {NONE},
                        ranges(r(0, 32), r(64, 32), r(100, p - 100))),
                arguments("NoneFree1", ranges(r(0, p)), 1, new int[] {NONE, NONE}, ranges(r(0, p))),
                arguments("NoneFree2", ranges(r(0, p)), 2, new int[] {NONE, NONE}, ranges(r(0, p))),
                arguments("NoneFree5", ranges(r(0, p)), 5, new int[] {NONE, NONE}, ranges(r(0, p))),
                arguments("NoneFree65", ranges(r(0, p)), 65, new int[] {NONE, NONE}, ranges(r(0, p))),
                arguments("ExactFit1", ranges(r(0, p / 2 - 3), r(p / 2 - 2, p / 2 + 2)), 1,
                        new int[] {p / 2 - 3, NONE}, ranges(r(0, p))),
                arguments("ExactFit2", ranges(r(0, p / 2 - 3), r(p / 2 - 1, p / 2 + 1)), 2,
                        new int[] {p / 2 - 3, NONE}, ranges(r(0, p))),
                arguments("ExactFit5", ranges(r(0, p / 2 - 3), r(p / 2 + 2, p / 2 - 2)), 5,
                        new int[] {p / 2 - 3, NONE}, ranges(r(0, p))),
                arguments("ExactFit65", ranges(r(0, p / 2 - 31), r(p / 2 + 34, p / 2 - 34)), 65,
                        new int[] {p / 2 - 31, NONE}, ranges(r(0, p))),
                arguments("SomeFree161", ranges(r(0, 185), r(331, 1)), 161, new int[] {332},
                        ranges(r(0, 185), r(331, 162))));
    }

    /** TestPallocBitsAlloc: repeated find(npages, 0) + allocRange. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allocCases")
    void alloc(String name, List<BitRange> before, int npages, int[] hits, List<BitRange> after) {
        long[] b = makePallocBits(before);
        for (int iter = 0; iter < hits.length; iter++) {
            int a = PallocBits.foundIndex(PallocBits.find(b, 0, npages, 0));
            assertThat(a).as("%s: find #%d picked wrong index", name, iter + 1).isEqualTo(hits[iter]);
            if (hits[iter] != NONE) {
                PallocBits.allocRange(b, 0, a, npages);
            }
        }
        checkPallocBits(name, b, 0, makePallocBits(after), 0);
    }

    static Stream<Arguments> freeCases() {
        return Stream.of(
                arguments("SomeFree", 1, ranges(r(0, 32), r(64, 32), r(100, 1)), new int[] {32},
                        ranges(r(0, 33), r(64, 32), r(100, 1))),
                arguments("NoneFree1", 1, ranges(), new int[] {0, 1, 2, 3, 4, 5}, ranges(r(0, 6))),
                arguments("NoneFree2", 2, ranges(), new int[] {0, 2, 4, 6, 8, 10}, ranges(r(0, 12))),
                arguments("NoneFree5", 5, ranges(), new int[] {0, 5, 10, 15, 20}, ranges(r(0, 25))),
                arguments("NoneFree64", 64, ranges(), new int[] {0, 64, 128}, ranges(r(0, 192))),
                arguments("NoneFree65", 65, ranges(), new int[] {0, 65, 130}, ranges(r(0, 195))));
    }

    /** TestPallocBitsFree: ranges are given inverted (1 = free). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("freeCases")
    void free(String name, int npages, List<BitRange> beforeInv, int[] frees, List<BitRange> afterInv) {
        long[] b = makePallocBits(beforeInv);
        invert(b);
        for (int i : frees) {
            if (npages == 1) {
                PallocBits.free1(b, 0, i);
            } else {
                PallocBits.free(b, 0, i, npages);
            }
        }
        long[] want = makePallocBits(afterInv);
        invert(want);
        checkPallocBits(name, b, 0, want, 0);
    }

    /** Go's free(i, 1) goes through clearRange's n == 1 fast path; ours too, and free1 agrees with it. */
    @Test
    void free1AgreesWithFreeOfOnePage() {
        long[] a = makePallocBits(ranges(r(0, PALLOC_CHUNK_PAGES)));
        long[] b = makePallocBits(ranges(r(0, PALLOC_CHUNK_PAGES)));
        for (int i : new int[] {0, 63, 64, 200, 511}) {
            PallocBits.free1(a, 0, i);
            PallocBits.free(b, 0, i, 1);
        }
        assertThat(a).containsExactly(b);
        assertThat(PageBits.popcntRange(a, 0, 0, PALLOC_CHUNK_PAGES)).isEqualTo(PALLOC_CHUNK_PAGES - 5);
    }

    private static void checkFindBitRange64(long x, int n, int result) {
        int i = PallocBits.findBitRange64(x, n);
        if (result == NONE) {
            assertThat(i).as("case (%016x, %d): want failure", x, n).isGreaterThanOrEqualTo(64);
        } else {
            assertThat(i).as("case (%016x, %d)", x, n).isEqualTo(result);
        }
    }

    /** TestFindBitRange64. */
    @Test
    void findBitRange64() {
        for (int i = 0; i <= 64; i++) {
            checkFindBitRange64(-1L, i, 0);
        }
        checkFindBitRange64(0, 0, 0);
        for (int i = 1; i <= 64; i++) {
            checkFindBitRange64(0, i, NONE);
        }
        checkFindBitRange64(0x8000000000000000L, 1, 63);
        checkFindBitRange64(0xc000010001010000L, 2, 62);
        checkFindBitRange64(0xc000010001030000L, 2, 16);
        checkFindBitRange64(0xe000030001030000L, 3, 61);
        checkFindBitRange64(0xe000030001070000L, 3, 16);
        checkFindBitRange64(0xffff03ff01070000L, 16, 48);
        checkFindBitRange64(0xffff03ff0107ffffL, 16, 0);
        checkFindBitRange64(0x0fff03ff01079fffL, 16, NONE);
    }

    /** Not in Go: find against a brute-force first fit on random bitmaps, for every size class of search. */
    @Test
    void findMatchesBruteForceOnRandomBitmaps() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        long[] b = new long[W];
        for (int iter = 0; iter < 2000; iter++) {
            for (int k = 0; k < W; k++) {
                int kind = rnd.nextInt(4);
                b[k] = kind == 0 ? 0 : kind == 1 ? -1L : rnd.nextLong() & rnd.nextLong();
            }
            int npages = 1 + rnd.nextInt(rnd.nextBoolean() ? 64 : PALLOC_CHUNK_PAGES);
            int searchIdx = rnd.nextInt(PALLOC_CHUNK_PAGES);
            int want = NONE;
            int run = 0;
            for (int i = (searchIdx / 64) * 64; i < PALLOC_CHUNK_PAGES; i++) {
                run = PageBits.get(b, 0, i) == 0 ? run + 1 : 0;
                if (run == npages) {
                    want = i - npages + 1;
                    break;
                }
            }
            int got = PallocBits.foundIndex(PallocBits.find(b, 0, npages, searchIdx));
            assertThat(got).as("seed %d iter %d npages %d searchIdx %d bits %s", seed, iter, npages, searchIdx,
                    java.util.Arrays.toString(b)).isEqualTo(want);
        }
    }
}

package dev.mheap4j.heap.pages;

import static dev.mheap4j.heap.pages.PageAllocLayout.PAGE_SIZE;
import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_PAGES;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.r;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.ranges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mheap4j.heap.pages.PageAllocTestSupport.BitRange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Ports of Go's mgcscavenge_test.go (TestFillAligned, TestPallocDataFindScavengeCandidate) at dac936a4. */
class PallocDataTest {

    /** The test's obviously correct fillAligned. */
    private static long fillAlignedSlow(long x, int m) {
        if (m == 1) {
            return x;
        }
        long out = 0;
        for (int i = 0; i < 64; i += m) {
            for (int j = 0; j < m; j++) {
                if ((x & (1L << (i + j))) != 0) {
                    out |= PageBits.lowMask(m) << i;
                    break;
                }
            }
        }
        return out;
    }

    private static void checkFillAligned(long x, int m, String ctx) {
        assertThat(PallocData.fillAligned(x, m))
                .as("fillAligned(%016x, %d) %s", x, m, ctx).isEqualTo(fillAlignedSlow(x, m));
    }

    /** TestFillAligned: fixed words and 1000 random and group-random words for every m. */
    @Test
    void fillAligned() {
        long seed = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(seed);
        String ctx = "(seed " + seed + ")";
        for (int m = 1; m <= 64; m *= 2) {
            long[] tests = {
                0x0000000000000000L, 0x00000000ffffffffL, 0xffffffff00000000L, 0x8000000000000001L,
                0xf00000000000000fL, 0xf00000010050000fL, 0xffffffffffffffffL, 0x0000000000000001L,
                0x0000000000000002L, 0x0000000000000008L, 1L << (m - 1), m == 64 ? 0 : 1L << m,
                0xb02b9effcf137016L, 0x3975a076a9fbff18L, 0x0f8c88ec3b81506eL, 0x60f14d80ef2fa0e6L,
            };
            for (long t : tests) {
                checkFillAligned(t, m, ctx);
            }
            for (int i = 0; i < 1000; i++) {
                checkFillAligned(rnd.nextLong(), m, ctx);
                if (m > 1) {
                    long val = 0;
                    for (int n = 0; n < 64; n += m) {
                        if (rnd.nextBoolean()) {
                            val |= (rnd.nextLong() & PageBits.lowMask(m)) << n;
                        }
                    }
                    checkFillAligned(val, m, ctx);
                }
            }
        }
        assertThat(PallocData.fillAligned(0x0100a3L, 8)).as("Go's doc example").isEqualTo(0xff00ffL);
        assertThatThrownBy(() -> PallocData.fillAligned(1, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m = 3");
    }

    record Case(List<BitRange> alloc, List<BitRange> scavenged, long min, long max, BitRange want) {}

    /**
     * Go's case table. Go keys "OneFree"/"OneScavenged" without the MinN suffix, so its map keeps only m = 8; we
     * suffix them and so run them for m = 1, 2, 4 and 8.
     */
    static Map<String, Case> cases(long physHugePageSize) {
        int p = PALLOC_CHUNK_PAGES;
        Map<String, Case> t = new LinkedHashMap<>();
        t.put("MixedMin1", new Case(ranges(r(0, 40), r(42, p - 42)), ranges(r(0, 41), r(42, p - 42)), 1, p,
                r(41, 1)));
        t.put("MultiMin1", new Case(ranges(r(0, 63), r(65, 20), r(87, p - 87)), ranges(r(86, 1)), 1, p,
                r(85, 1)));
        for (int m = 1; m <= 64; m *= 2) {
            String suffix = "Min" + m;
            t.put("AllFree" + suffix, new Case(ranges(), ranges(), m, p, r(0, p)));
            t.put("AllScavenged" + suffix, new Case(ranges(), ranges(r(0, p)), m, p, r(0, 0)));
            t.put("NoneFree" + suffix, new Case(ranges(r(0, p)), ranges(r(p / 2, p / 2)), m, p, r(0, 0)));
            t.put("StartFree" + suffix, new Case(ranges(r(m, p - m)), ranges(), m, p, r(0, m)));
            t.put("EndFree" + suffix, new Case(ranges(r(0, p - m)), ranges(), m, p, r(p - m, m)));
            t.put("Straddle64" + suffix, new Case(ranges(r(0, 64 - m), r(64 + m, p - (64 + m))), ranges(), m,
                    2L * m, r(64 - m, 2 * m)));
            t.put("BottomEdge64WithFull" + suffix, new Case(ranges(r(64, 64), r(128 + 3 * m, p - (128 + 3 * m))),
                    ranges(r(1, 10)), m, 3L * m, r(128, 3 * m)));
            t.put("BottomEdge64WithPocket" + suffix, new Case(
                    ranges(r(64, 62), r(127, 1), r(128 + 3 * m, p - (128 + 3 * m))), ranges(r(1, 10)), m, 3L * m,
                    r(128, 3 * m)));
            if (m <= 8) {
                t.put("OneFree" + suffix, new Case(ranges(r(0, 40), r(40 + m, p - (40 + m))), ranges(), m, p,
                        r(40, m)));
                t.put("OneScavenged" + suffix, new Case(ranges(r(0, 40), r(40 + m, p - (40 + m))), ranges(r(40, 1)),
                        m, p, r(0, 0)));
            }
            if (m > 1) {
                t.put("SkipSmall" + suffix, new Case(ranges(r(0, 64 - m), r(64, 5), r(70, 11), r(82, p - 82)),
                        ranges(), m, m, r(64 - m, m)));
                t.put("SkipMisaligned" + suffix, new Case(ranges(r(0, 64 - m), r(64, 63), r(127 + m, p - (127 + m))),
                        ranges(), m, m, r(64 - m, m)));
                t.put("MaxLessThan" + suffix, new Case(ranges(), ranges(r(0, p - m)), m, 1, r(p - m, m)));
            }
        }
        if (physHugePageSize > PAGE_SIZE) {
            int bits = (int) (physHugePageSize / PAGE_SIZE);
            t.put("PreserveHugePageBottom", new Case(ranges(r(bits + 2, p - (bits + 2))), ranges(), 1, 3,
                    r(0, bits + 2)));
            if (3 * bits < p) {
                t.put("PreserveHugePageMiddle", new Case(ranges(r(0, bits - 10), r(2 * bits + 10, p - (2 * bits + 10))),
                        ranges(), 1, 12, r(bits, bits + 10)));
            }
            t.put("PreserveHugePageTop", new Case(ranges(r(0, p - bits)), ranges(), 1, 1, r(p - bits, bits)));
        }
        return t;
    }

    /**
     * Machines: Go reads physHugePageSize from the OS; 4 KiB (no huge pages above the 8 KiB runtime page), 2 MiB
     * (linux/amd64 THP, where PreserveHugePageMiddle does not fit in a chunk) and 1 MiB (so that it does).
     */
    static Stream<Arguments> findScavengeCandidateCases() {
        List<Arguments> out = new ArrayList<>();
        for (long huge : new long[] {4096, 2L << 20, 1L << 20}) {
            long pagesPerHugePage = huge > PAGE_SIZE && huge > PageAlloc.DEFAULT_PHYS_PAGE_SIZE ? huge / PAGE_SIZE : 0;
            for (Map.Entry<String, Case> e : cases(huge).entrySet()) {
                out.add(Arguments.of(e.getKey() + "/huge=" + huge, pagesPerHugePage, e.getValue()));
            }
        }
        return out.stream();
    }

    /** TestPallocDataFindScavengeCandidate, run for several huge page sizes. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("findScavengeCandidateCases")
    void findScavengeCandidate(String name, long pagesPerHugePage, Case v) {
        long[] d = new long[PallocData.CHUNK_WORDS];
        for (BitRange a : v.alloc()) {
            if (a.n() != 0) {
                PallocData.allocRange(d, 0, a.i(), a.n());
            }
        }
        for (BitRange s : v.scavenged()) {
            if (s.n() != 0) {
                PageBits.setRange(d, PallocData.SCAVENGED, s.i(), s.n());
            }
        }
        long got = PallocData.findScavengeCandidate(d, 0, PALLOC_CHUNK_PAGES - 1, v.min(), v.max(), pagesPerHugePage);
        BitRange g = new BitRange(PallocData.candidateStart(got), PallocData.candidateSize(got));
        if (!(g.n() == 0 && v.want().n() == 0)) {
            assertThat(g).as("%s: candidate", name).isEqualTo(v.want());
        }
        assertThat(PallocData.hasScavengeCandidate(d, 0, v.min())).as("%s: hasScavengeCandidate", name)
                .isEqualTo(v.want().n() != 0);
    }

    @Test
    void minMustBeAPowerOfTwoUpTo64() {
        long[] d = new long[PallocData.CHUNK_WORDS];
        assertThatThrownBy(() -> PallocData.findScavengeCandidate(d, 0, 511, 3, 8, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min = 3");
        assertThatThrownBy(() -> PallocData.hasScavengeCandidate(d, 0, 128))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min = 128");
        assertThatThrownBy(() -> PallocData.hasScavengeCandidate(d, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min = 0");
    }
}

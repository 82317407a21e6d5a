package dev.mheap4j.heap.pages;

import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_PAGES;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.BASE_CHUNK_IDX;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.PAGE_SIZE;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.checkPageAlloc;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.chunks;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.hex;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.newPageAlloc;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.pageBase;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.r;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.ranges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.mheap4j.heap.pages.PageAllocTestSupport.BitRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Ports of Go's mpagealloc_test.go and TestPageAllocScavenge (mgcscavenge_test.go) at dac936a4. */
class PageAllocTest {

    private static final int P = PALLOC_CHUNK_PAGES;
    private static final long B = BASE_CHUNK_IDX;

    record Hit(long npages, long base, long scav) {}

    static Hit hit(long npages, long base, long scav) {
        return new Hit(npages, base, scav);
    }

    static Stream<Arguments> allocCases() {
        return Stream.of(
                arguments("AllFree1", chunks(B, ranges()), chunks(B, ranges(r(0, 1), r(2, 2))), List.of(
                        hit(1, pageBase(B, 0), PAGE_SIZE), hit(1, pageBase(B, 1), 0),
                        hit(1, pageBase(B, 2), PAGE_SIZE), hit(1, pageBase(B, 3), PAGE_SIZE),
                        hit(1, pageBase(B, 4), 0)),
                        chunks(B, ranges(r(0, 5)))),
                arguments("ManyArena1",
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)), B + 2, ranges(r(0, P - 1))),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)), B + 2, ranges(r(0, P))),
                        List.of(hit(1, pageBase(B + 2, P - 1), PAGE_SIZE)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)), B + 2, ranges(r(0, P)))),
                arguments("NotContiguous1",
                        chunks(B, ranges(r(0, P)), B + 0xff, ranges(r(0, 0))),
                        chunks(B, ranges(r(0, P)), B + 0xff, ranges(r(0, P))),
                        List.of(hit(1, pageBase(B + 0xff, 0), PAGE_SIZE)),
                        chunks(B, ranges(r(0, P)), B + 0xff, ranges(r(0, 1)))),
                arguments("AllFree2", chunks(B, ranges()), chunks(B, ranges(r(0, 3), r(7, 1))), List.of(
                        hit(2, pageBase(B, 0), 2 * PAGE_SIZE), hit(2, pageBase(B, 2), PAGE_SIZE),
                        hit(2, pageBase(B, 4), 0), hit(2, pageBase(B, 6), PAGE_SIZE), hit(2, pageBase(B, 8), 0)),
                        chunks(B, ranges(r(0, 10)))),
                arguments("Straddle2",
                        chunks(B, ranges(r(0, P - 1)), B + 1, ranges(r(1, P - 1))),
                        chunks(B, ranges(r(P - 1, 1)), B + 1, ranges()),
                        List.of(hit(2, pageBase(B, P - 1), PAGE_SIZE)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)))),
                arguments("AllFree5", chunks(B, ranges()), chunks(B, ranges(r(0, 8), r(9, 1), r(17, 5))), List.of(
                        hit(5, pageBase(B, 0), 5 * PAGE_SIZE), hit(5, pageBase(B, 5), 4 * PAGE_SIZE),
                        hit(5, pageBase(B, 10), 0), hit(5, pageBase(B, 15), 3 * PAGE_SIZE),
                        hit(5, pageBase(B, 20), 2 * PAGE_SIZE)),
                        chunks(B, ranges(r(0, 25)))),
                arguments("AllFree64", chunks(B, ranges()), chunks(B, ranges(r(21, 1), r(63, 65))), List.of(
                        hit(64, pageBase(B, 0), 2 * PAGE_SIZE), hit(64, pageBase(B, 64), 64 * PAGE_SIZE),
                        hit(64, pageBase(B, 128), 0)),
                        chunks(B, ranges(r(0, 192)))),
                arguments("AllFree65", chunks(B, ranges()), chunks(B, ranges(r(129, 1))), List.of(
                        hit(65, pageBase(B, 0), 0), hit(65, pageBase(B, 65), PAGE_SIZE), hit(65, pageBase(B, 130), 0)),
                        chunks(B, ranges(r(0, 195)))),
                arguments("ExhaustPallocChunkPages-3", chunks(B, ranges()), chunks(B, ranges(r(10, 1))), List.of(
                        hit(P - 3, pageBase(B, 0), PAGE_SIZE), hit(P - 3, 0, 0), hit(1, pageBase(B, P - 3), 0),
                        hit(2, pageBase(B, P - 2), 0), hit(1, 0, 0), hit(P - 3, 0, 0)),
                        chunks(B, ranges(r(0, P)))),
                arguments("AllFreePallocChunkPages", chunks(B, ranges()), chunks(B, ranges(r(0, 1), r(P - 1, 1))),
                        List.of(hit(P, pageBase(B, 0), 2 * PAGE_SIZE), hit(P, 0, 0), hit(1, 0, 0)),
                        chunks(B, ranges(r(0, P)))),
                arguments("StraddlePallocChunkPages",
                        chunks(B, ranges(r(0, P / 2)), B + 1, ranges(r(P / 2, P / 2))),
                        chunks(B, ranges(), B + 1, ranges(r(3, 100))),
                        List.of(hit(P, pageBase(B, P / 2), 100 * PAGE_SIZE), hit(P, 0, 0), hit(1, 0, 0)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)))),
                arguments("StraddlePallocChunkPages+1",
                        chunks(B, ranges(r(0, P / 2)), B + 1, ranges()),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P))),
                        List.of(hit(P + 1, pageBase(B, P / 2), (P + 1) * PAGE_SIZE), hit(P, 0, 0),
                                hit(1, pageBase(B + 1, P / 2 + 1), PAGE_SIZE)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P / 2 + 2)))),
                arguments("AllFreePallocChunkPages*2",
                        chunks(B, ranges(), B + 1, ranges()),
                        chunks(B, ranges(), B + 1, ranges()),
                        List.of(hit(P * 2, pageBase(B, 0), 0), hit(P * 2, 0, 0), hit(1, 0, 0)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)))),
                arguments("NotContiguousPallocChunkPages*2",
                        chunks(B, ranges(), B + 0x100, ranges(), B + 0x101, ranges()),
                        chunks(B, ranges(r(0, P)), B + 0x100, ranges(), B + 0x101, ranges()),
                        List.of(hit(P * 2, pageBase(B + 0x100, 0), 0), hit(21, pageBase(B, 0), 21 * PAGE_SIZE),
                                hit(1, pageBase(B, 21), PAGE_SIZE)),
                        chunks(B, ranges(r(0, 22)), B + 0x100, ranges(r(0, P)), B + 0x101, ranges(r(0, P)))),
                arguments("StraddlePallocChunkPages*2",
                        chunks(B, ranges(r(0, P / 2)), B + 1, ranges(), B + 2, ranges(r(P / 2, P / 2))),
                        chunks(B, ranges(r(0, 7)), B + 1, ranges(r(3, 5), r(121, 10)), B + 2,
                                ranges(r(P / 2 + 12, 2))),
                        List.of(hit(P * 2, pageBase(B, P / 2), 15 * PAGE_SIZE), hit(P * 2, 0, 0), hit(1, 0, 0)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)), B + 2, ranges(r(0, P)))),
                arguments("StraddlePallocChunkPages*5/4",
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P * 3 / 4)), B + 2, ranges(r(0, P * 3 / 4)),
                                B + 3, ranges(r(0, 0))),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(P / 2, P / 4 + 1)), B + 2, ranges(r(P / 3, 1)),
                                B + 3, ranges(r(P * 2 / 3, 1))),
                        List.of(hit(P * 5 / 4, pageBase(B + 2, P * 3 / 4), PAGE_SIZE), hit(P * 5 / 4, 0, 0),
                                hit(1, pageBase(B + 1, P * 3 / 4), PAGE_SIZE)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P * 3 / 4 + 1)), B + 2, ranges(r(0, P)),
                                B + 3, ranges(r(0, P)))),
                arguments("AllFreePallocChunkPages*7+5",
                        chunks(B, ranges(), B + 1, ranges(), B + 2, ranges(), B + 3, ranges(), B + 4, ranges(),
                                B + 5, ranges(), B + 6, ranges(), B + 7, ranges()),
                        chunks(B, ranges(r(50, 1)), B + 1, ranges(r(31, 1)), B + 2, ranges(r(7, 1)), B + 3,
                                ranges(r(200, 1)), B + 4, ranges(r(3, 1)), B + 5, ranges(r(51, 1)), B + 6,
                                ranges(r(20, 1)), B + 7, ranges(r(1, 1))),
                        List.of(hit(P * 7 + 5, pageBase(B, 0), 8 * PAGE_SIZE), hit(P * 7 + 5, 0, 0),
                                hit(1, pageBase(B + 7, 5), 0)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)), B + 2, ranges(r(0, P)), B + 3,
                                ranges(r(0, P)), B + 4, ranges(r(0, P)), B + 5, ranges(r(0, P)), B + 6,
                                ranges(r(0, P)), B + 7, ranges(r(0, 6)))));
    }

    /** TestPageAllocAlloc: every hit returns Go's base and scavenged bytes; final bitmaps match. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allocCases")
    void alloc(String name, Map<Long, List<BitRange>> before, Map<Long, List<BitRange>> scav, List<Hit> hits,
            Map<Long, List<BitRange>> after) {
        PageAlloc b = newPageAlloc(before, scav);
        for (int iter = 0; iter < hits.size(); iter++) {
            Hit h = hits.get(iter);
            long a = b.alloc(h.npages());
            assertThat(hex(a)).as("%s: bad alloc #%d base", name, iter + 1).isEqualTo(hex(h.base()));
            assertThat(b.lastAllocScav()).as("%s: bad alloc #%d scav", name, iter + 1).isEqualTo(h.scav());
            b.checkInvariants();
        }
        checkPageAlloc(newPageAlloc(after, scav), b);
    }

    /** TestPageAllocExhaust: 4 free chunks are filled with npages-sized allocations in address order. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 8, 16, 64, 1024, 1025, 2048, 2049})
    void exhaust(long npages) {
        Map<Long, List<BitRange>> bDesc = new TreeMap<>();
        for (long i = 0; i < 4; i++) {
            bDesc.put(B + i, ranges());
        }
        PageAlloc b = newPageAlloc(bDesc, null);
        long nAlloc = (P * 4L) / npages;
        for (long i = 0; i < nAlloc; i++) {
            long addr = pageBase(B, i * npages);
            assertThat(hex(b.alloc(npages))).as("bad alloc #%d", i + 1).isEqualTo(hex(addr));
        }
        assertThat(b.alloc(npages)).as("bad alloc #%d: want 0", nAlloc).isZero();

        long allocPages = nAlloc * npages;
        Map<Long, List<BitRange>> wantDesc = new TreeMap<>();
        for (long i = 0; i < 4; i++) {
            if (allocPages >= P) {
                wantDesc.put(B + i, ranges(r(0, P)));
                allocPages -= P;
            } else if (allocPages > 0) {
                wantDesc.put(B + i, ranges(r(0, (int) allocPages)));
                allocPages = 0;
            } else {
                wantDesc.put(B + i, ranges());
            }
        }
        checkPageAlloc(newPageAlloc(wantDesc, null), b);
    }

    static Stream<Arguments> freeCases() {
        List<Map<Long, List<BitRange>>> full8 = new ArrayList<>();
        Map<Long, List<BitRange>> allFull8 = new TreeMap<>();
        Map<Long, List<BitRange>> after8 = new TreeMap<>();
        for (long i = 0; i < 8; i++) {
            allFull8.put(B + i, ranges(r(0, P)));
            after8.put(B + i, i == 7 ? ranges(r(5, P - 5)) : ranges());
        }
        full8.add(allFull8);
        return Stream.of(
                arguments("Free1", 1L, chunks(B, ranges(r(0, P))),
                        List.of(pageBase(B, 0), pageBase(B, 1), pageBase(B, 2), pageBase(B, 3), pageBase(B, 4)),
                        chunks(B, ranges(r(5, P - 5)))),
                arguments("ManyArena1", 1L, chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)), B + 2, ranges(r(0, P))),
                        List.of(pageBase(B, P / 2), pageBase(B + 1, 0), pageBase(B + 2, P - 1)),
                        chunks(B, ranges(r(0, P / 2), r(P / 2 + 1, P / 2 - 1)), B + 1, ranges(r(1, P - 1)), B + 2,
                                ranges(r(0, P - 1)))),
                arguments("Free2", 2L, chunks(B, ranges(r(0, P))),
                        List.of(pageBase(B, 0), pageBase(B, 2), pageBase(B, 4), pageBase(B, 6), pageBase(B, 8)),
                        chunks(B, ranges(r(10, P - 10)))),
                arguments("Straddle2", 2L, chunks(B, ranges(r(P - 1, 1)), B + 1, ranges(r(0, 1))),
                        List.of(pageBase(B, P - 1)),
                        chunks(B, ranges(), B + 1, ranges())),
                arguments("Free5", 5L, chunks(B, ranges(r(0, P))),
                        List.of(pageBase(B, 0), pageBase(B, 5), pageBase(B, 10), pageBase(B, 15), pageBase(B, 20)),
                        chunks(B, ranges(r(25, P - 25)))),
                arguments("Free64", 64L, chunks(B, ranges(r(0, P))),
                        List.of(pageBase(B, 0), pageBase(B, 64), pageBase(B, 128)),
                        chunks(B, ranges(r(192, P - 192)))),
                arguments("Free65", 65L, chunks(B, ranges(r(0, P))),
                        List.of(pageBase(B, 0), pageBase(B, 65), pageBase(B, 130)),
                        chunks(B, ranges(r(195, P - 195)))),
                arguments("FreePallocChunkPages", (long) P, chunks(B, ranges(r(0, P))),
                        List.of(pageBase(B, 0)),
                        chunks(B, ranges())),
                arguments("StraddlePallocChunkPages", (long) P,
                        chunks(B, ranges(r(P / 2, P / 2)), B + 1, ranges(r(0, P / 2))),
                        List.of(pageBase(B, P / 2)),
                        chunks(B, ranges(), B + 1, ranges())),
                arguments("StraddlePallocChunkPages+1", (long) P + 1,
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P))),
                        List.of(pageBase(B, P / 2)),
                        chunks(B, ranges(r(0, P / 2)), B + 1, ranges(r(P / 2 + 1, P / 2 - 1)))),
                arguments("FreePallocChunkPages*2", (long) P * 2,
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P))),
                        List.of(pageBase(B, 0)),
                        chunks(B, ranges(), B + 1, ranges())),
                arguments("StraddlePallocChunkPages*2", (long) P * 2,
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)), B + 2, ranges(r(0, P))),
                        List.of(pageBase(B, P / 2)),
                        chunks(B, ranges(r(0, P / 2)), B + 1, ranges(), B + 2, ranges(r(P / 2, P / 2)))),
                arguments("AllFreePallocChunkPages*7+5", (long) P * 7 + 5, allFull8,
                        List.of(pageBase(B, 0)), after8));
    }

    /** TestPageAllocFree: frees on full chunks; final bitmaps match. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("freeCases")
    void free(String name, long npages, Map<Long, List<BitRange>> before, List<Long> frees,
            Map<Long, List<BitRange>> after) {
        PageAlloc b = newPageAlloc(before, null);
        for (long addr : frees) {
            b.free(addr, npages);
            b.checkInvariants();
        }
        checkPageAlloc(newPageAlloc(after, null), b);
    }

    /** TestPageAllocAllocAndFree ("Chunks8"): free must lower searchAddr so that every alloc returns the base. */
    @Test
    void allocAndFree() {
        Map<Long, List<BitRange>> init = new TreeMap<>();
        for (long i = 0; i < 8; i++) {
            init.put(B + i, ranges());
        }
        record Step(boolean alloc, long npages, long base) {}
        long base = pageBase(B, 0);
        List<Step> hits = List.of(
                new Step(true, P * 8L, base), new Step(false, P * 8L, base),
                new Step(true, P * 8L, base), new Step(false, P * 8L, base),
                new Step(true, P * 8L, base), new Step(false, P * 8L, base),
                new Step(true, 1, base), new Step(false, 1, base),
                new Step(true, P * 8L, base));
        PageAlloc b = newPageAlloc(init, null);
        for (int iter = 0; iter < hits.size(); iter++) {
            Step s = hits.get(iter);
            if (s.alloc()) {
                assertThat(hex(b.alloc(s.npages()))).as("Chunks8: bad alloc #%d", iter + 1).isEqualTo(hex(s.base()));
            } else {
                b.free(s.base(), s.npages());
            }
            b.checkInvariants();
        }
    }

    record Scav(long request, long expect) {}

    /** The machines TestPageAllocScavenge runs on: (physical page, huge page) sizes in bytes. */
    static final long[][] MACHINES = {
        {4096, 2L << 20}, // linux/amd64 with THP
        {4096, 4096}, // no huge pages
        {16384, 2L << 20}, // 16 KiB pages (minPages 2)
        {65536, 2L << 20}, // 64 KiB pages (minPages 8), 2 MiB huge pages
    };

    static Stream<Arguments> scavengeCases() {
        List<Arguments> out = new ArrayList<>();
        for (long[] m : MACHINES) {
            long phys = m[0];
            long huge = m[1];
            long minPages = Math.max(phys / PAGE_SIZE, 1);
            int mp = (int) minPages;
            String machine = "/phys=" + phys + ",huge=" + huge;
            for (boolean locked : new boolean[] {false, true}) {
                String suffix = (locked ? "Locked" : "") + machine;
                out.add(arguments("AllFreeUnscavExhaust" + suffix, phys, huge, locked,
                        chunks(B, ranges(), B + 1, ranges(), B + 2, ranges()),
                        chunks(B, ranges(), B + 1, ranges(), B + 2, ranges()),
                        List.of(new Scav(-1L, 3L * P * PAGE_SIZE)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)), B + 2, ranges(r(0, P)))));
                out.add(arguments("NoneFreeUnscavExhaust" + suffix, phys, huge, locked,
                        chunks(B, ranges(r(0, P)), B + 1, ranges(), B + 2, ranges(r(0, P))),
                        chunks(B, ranges(), B + 1, ranges(r(0, P)), B + 2, ranges()),
                        List.of(new Scav(-1L, 0)),
                        chunks(B, ranges(), B + 1, ranges(r(0, P)), B + 2, ranges())));
                out.add(arguments("ScavHighestPageFirst" + suffix, phys, huge, locked,
                        chunks(B, ranges()),
                        chunks(B, ranges(r(mp, P - 2 * mp))),
                        List.of(new Scav(1, minPages * PAGE_SIZE)),
                        chunks(B, ranges(r(mp, P - mp)))));
                out.add(arguments("ScavMultiple" + suffix, phys, huge, locked,
                        chunks(B, ranges()),
                        chunks(B, ranges(r(mp, P - 2 * mp))),
                        List.of(new Scav(minPages * PAGE_SIZE, minPages * PAGE_SIZE),
                                new Scav(minPages * PAGE_SIZE, minPages * PAGE_SIZE)),
                        chunks(B, ranges(r(0, P)))));
                out.add(arguments("ScavMultiple2" + suffix, phys, huge, locked,
                        chunks(B, ranges(), B + 1, ranges()),
                        chunks(B, ranges(r(mp, P - 2 * mp)), B + 1, ranges(r(0, P - 2 * mp))),
                        List.of(new Scav(2 * minPages * PAGE_SIZE, 2 * minPages * PAGE_SIZE),
                                new Scav(minPages * PAGE_SIZE, minPages * PAGE_SIZE),
                                new Scav(minPages * PAGE_SIZE, minPages * PAGE_SIZE)),
                        chunks(B, ranges(r(0, P)), B + 1, ranges(r(0, P)))));
            }
        }
        return out.stream();
    }

    /** TestPageAllocScavenge (unlocked and Locked variants), for several machines. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scavengeCases")
    void scavenge(String name, long phys, long huge, boolean locked, Map<Long, List<BitRange>> beforeAlloc,
            Map<Long, List<BitRange>> beforeScav, List<Scav> expect, Map<Long, List<BitRange>> afterScav) {
        PageAlloc b = newPageAlloc(beforeAlloc, beforeScav, phys, huge);
        if (!locked) {
            b.mheapLock().unlock();
        }
        for (int iter = 0; iter < expect.size(); iter++) {
            Scav h = expect.get(iter);
            assertThat(b.scavenge(h.request(), locked)).as("%s: bad scavenge #%d", name, iter + 1)
                    .isEqualTo(h.expect());
        }
        if (!locked) {
            b.mheapLock().lock();
        }
        checkPageAlloc(newPageAlloc(beforeAlloc, afterScav, phys, huge), b);
    }
}

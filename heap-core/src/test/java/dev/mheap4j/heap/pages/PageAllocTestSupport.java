package dev.mheap4j.heap.pages;

import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_BYTES;
import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_PAGES;
import static dev.mheap4j.heap.pages.PageAllocLayout.chunkBase;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/** Java twins of Go's export_test.go helpers used by the page-allocator tests. */
final class PageAllocTestSupport {

    private PageAllocTestSupport() {}

    /**
     * A chunk index that works for the tests: the chunk at address 0xc000 * 4 MiB (Go's heap hint region).
     *
     * @mirrors export_test.go:BaseChunkIdx
     */
    static final long BASE_CHUNK_IDX = PageAllocLayout.chunkIndex(0xc000L * PALLOC_CHUNK_BYTES);

    /** Go's runtime page size, as the tests name it. */
    static final long PAGE_SIZE = PageAllocLayout.PAGE_SIZE;

    /**
     * A bit range {@code [i, i+n)}.
     *
     * @mirrors export_test.go:BitRange
     */
    record BitRange(int i, int n) {
        @Override
        public String toString() {
            return "{" + i + ", " + n + "}";
        }
    }

    static BitRange r(int i, int n) {
        return new BitRange(i, n);
    }

    static List<BitRange> ranges(BitRange... rs) {
        return List.of(rs);
    }

    /** Builds a chunk map: alternating chunk index and range list. */
    static Map<Long, List<BitRange>> chunks(Object... kv) {
        Map<Long, List<BitRange>> m = new TreeMap<>();
        for (int k = 0; k < kv.length; k += 2) {
            @SuppressWarnings("unchecked")
            List<BitRange> v = (List<BitRange>) kv[k + 1];
            m.put((Long) kv[k], v);
        }
        return m;
    }

    /**
     * Address of page {@code pageIdx} of chunk {@code c}.
     *
     * @mirrors export_test.go:PageBase
     */
    static long pageBase(long c, long pageIdx) {
        return PageAllocLayout.pageBase(c, pageIdx);
    }

    /**
     * A fresh 8-word bitmap with the given ranges set.
     *
     * @mirrors mpallocbits_test.go:makePallocBits
     */
    static long[] makePallocBits(List<BitRange> rs) {
        long[] b = new long[PageAllocLayout.WORDS_PER_CHUNK_BITMAP];
        for (BitRange v : rs) {
            PallocBits.allocRange(b, 0, v.i(), v.n());
        }
        return b;
    }

    /** Inverts every bit. */
    static void invert(long[] b) {
        for (int i = 0; i < b.length; i++) {
            b[i] = ~b[i];
        }
    }

    /**
     * Ranges where two 512-bit bitmaps differ.
     *
     * @mirrors export_test.go:DiffPallocBits
     */
    static List<BitRange> diffPallocBits(long[] a, int aoff, long[] b, int boff) {
        List<BitRange> d = new ArrayList<>();
        int base = 0;
        int size = 0;
        for (int i = 0; i < PALLOC_CHUNK_PAGES; i++) {
            if (PageBits.get(a, aoff, i) != PageBits.get(b, boff, i)) {
                if (size == 0) {
                    base = i;
                }
                size++;
            } else {
                if (size != 0) {
                    d.add(new BitRange(base, size));
                }
                size = 0;
            }
        }
        if (size != 0) {
            d.add(new BitRange(base, size));
        }
        return d;
    }

    /**
     * Asserts two bitmaps are equal, listing the differing ranges.
     *
     * @mirrors mpallocbits_test.go:checkPallocBits
     */
    static void checkPallocBits(String what, long[] got, int goff, long[] want, int woff) {
        assertThat(diffPallocBits(got, goff, want, woff)).as("%s: ranges where got differs from want", what).isEmpty();
    }

    /** A lock held by the calling thread, for allocators built in tests. */
    static ReentrantLock heldLock() {
        ReentrantLock l = new ReentrantLock();
        l.lock();
        return l;
    }

    /**
     * Builds a test-mode allocator: grows each listed chunk, clears the scavenged bits grow set, applies the
     * scavenged ranges, resets scavAddr, applies the allocated ranges (which clear overlapping scavenged bits), and
     * updates the summaries. The returned allocator's lock is held by the calling thread.
     *
     * @mirrors export_test.go:NewPageAlloc
     */
    static PageAlloc newPageAlloc(Map<Long, List<BitRange>> chunks, Map<Long, List<BitRange>> scav) {
        return newPageAlloc(chunks, scav, PageAlloc.DEFAULT_PHYS_PAGE_SIZE, PageAlloc.DEFAULT_PHYS_HUGE_PAGE_SIZE);
    }

    static PageAlloc newPageAlloc(Map<Long, List<BitRange>> chunks, Map<Long, List<BitRange>> scav,
            long physPageSize, long physHugePageSize) {
        PageAlloc p = new PageAlloc(heldLock(), physPageSize, physHugePageSize, true);
        for (Map.Entry<Long, List<BitRange>> e : chunks.entrySet()) {
            long ci = e.getKey();
            long addr = chunkBase(ci);
            p.grow(addr, PALLOC_CHUNK_BYTES);
            long[] b = p.chunkBlock(ci);
            int off = p.chunkOffset(ci);
            PageBits.clearAll(b, off + PallocData.SCAVENGED);
            if (scav != null && scav.containsKey(ci)) {
                for (BitRange s : scav.get(ci)) {
                    if (s.n() != 0) {
                        PageBits.setRange(b, off + PallocData.SCAVENGED, s.i(), s.n());
                    }
                }
            }
            p.resetScavengeAddr();
            for (BitRange s : e.getValue()) {
                if (s.n() != 0) {
                    PallocData.allocRange(b, off, s.i(), s.n());
                }
            }
            p.update(addr, PALLOC_CHUNK_PAGES, false, false);
        }
        return p;
    }

    /**
     * Asserts both allocators know the same chunk range and hold the same allocation and scavenged bitmaps
     * (summaries are not compared, as in Go; the invariant check covers them).
     *
     * @mirrors mpagealloc_test.go:checkPageAlloc
     */
    static void checkPageAlloc(PageAlloc want, PageAlloc got) {
        assertThat(got.start()).as("start").isEqualTo(want.start());
        assertThat(got.end()).as("end").isEqualTo(want.end());
        for (long i = got.start(); i < got.end(); i++) {
            long[] gw = got.chunkWords(i);
            long[] ww = want.chunkWords(i);
            checkPallocBits("chunk " + i + " (mallocBits)", gw, 0, ww, 0);
            checkPallocBits("chunk " + i + " (scavenged)", gw, PallocData.SCAVENGED, ww, PallocData.SCAVENGED);
        }
        got.checkInvariants();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static long[] copy(long[] a) {
        return Arrays.copyOf(a, a.length);
    }
}

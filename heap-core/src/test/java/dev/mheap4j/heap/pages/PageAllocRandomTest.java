package dev.mheap4j.heap.pages;

import static dev.mheap4j.heap.pages.PageAllocLayout.ARENA_BASE_OFFSET;
import static dev.mheap4j.heap.pages.PageAllocLayout.LEVEL_LOG_PAGES;
import static dev.mheap4j.heap.pages.PageAllocLayout.LEVEL_SHIFT;
import static dev.mheap4j.heap.pages.PageAllocLayout.PAGE_SHIFT;
import static dev.mheap4j.heap.pages.PageAllocLayout.PAGE_SIZE;
import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_BYTES;
import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_PAGES;
import static dev.mheap4j.heap.pages.PageAllocLayout.SUMMARY_LEVELS;
import static dev.mheap4j.heap.pages.PageAllocLayout.chunkBase;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Randomized differential test: long seeded sequences of grow / alloc / free / scavenge / resetScavengeAddr against a
 * trivially correct model (address-ordered first fit over a {@link BitSet}). After every step: every returned base
 * and scavenged byte count agrees with the model, the allocation bitmaps equal the model, every summary at every
 * level equals a summary recomputed from the model's pages, and no page is both allocated and scavenged (Go's
 * TestScavengedBitsCleared invariant).
 */
class PageAllocRandomTest {

    /** First chunk of the simulated range (16 chunks below Go's test base, so grows can land below earlier ones). */
    private static final long LOW_CHUNK = PageAllocTestSupport.BASE_CHUNK_IDX - 16;
    /** Chunks in the simulated range: 80 chunks, 320 MiB. */
    private static final int NCHUNKS = 80;
    private static final int NPAGES = NCHUNKS * PALLOC_CHUNK_PAGES;
    private static final int STEPS = 1500;

    /** Trivially correct model of the page heap: page i is address chunkBase(LOW_CHUNK) + i * pageSize. */
    private static final class Model {
        /** Set for a page that cannot be allocated: not grown, or allocated. */
        final BitSet unavailable = new BitSet(NPAGES);
        final BitSet allocated = new BitSet(NPAGES);
        final BitSet grown = new BitSet(NCHUNKS);
        /** Scavenged bits of grown chunks, as last read from or predicted for the allocator. */
        final BitSet scavenged = new BitSet(NPAGES);

        Model() {
            unavailable.set(0, NPAGES);
        }

        long addr(int page) {
            return chunkBase(LOW_CHUNK) + (long) page * PAGE_SIZE;
        }

        int page(long addr) {
            return (int) ((addr - chunkBase(LOW_CHUNK)) >> PAGE_SHIFT);
        }

        /** Lowest page starting npages free grown pages, or -1. */
        int firstFit(long npages) {
            int i = unavailable.nextClearBit(0);
            while (i < NPAGES) {
                int j = unavailable.nextSetBit(i);
                if (j < 0) {
                    j = NPAGES;
                }
                if (j - i >= npages) {
                    return i;
                }
                i = unavailable.nextClearBit(j);
            }
            return -1;
        }

        boolean free(long linearPage) {
            long first = (LOW_CHUNK << (PageAllocLayout.LOG_PALLOC_CHUNK_PAGES));
            long idx = linearPage - first;
            return idx >= 0 && idx < NPAGES && !unavailable.get((int) idx);
        }
    }

    record Live(long base, long npages) {}

    @RepeatedTest(4)
    void randomOperationsAgreeWithFirstFitModel(RepetitionInfo info) {
        long seed = System.nanoTime() ^ (info.getCurrentRepetition() * 0x9E3779B97F4A7C15L);
        run(seed);
    }

    static void run(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        PageAlloc pa = new PageAlloc(PageAllocTestSupport.heldLock(),
                PageAlloc.DEFAULT_PHYS_PAGE_SIZE, rnd.nextBoolean() ? PageAlloc.DEFAULT_PHYS_HUGE_PAGE_SIZE : 0, true);
        Model m = new Model();
        List<Live> live = new ArrayList<>();
        String ctx = "seed " + seed;

        for (int step = 0; step < STEPS; step++) {
            int op = rnd.nextInt(100);
            String what;
            if (op < 6 || m.grown.isEmpty()) {
                what = grow(pa, m, rnd);
            } else if (op < 50) {
                what = alloc(pa, m, rnd, live, ctx + " step " + step);
            } else if (op < 85) {
                what = free(pa, m, rnd, live);
            } else if (op < 95) {
                what = scavenge(pa, m, rnd, ctx + " step " + step);
            } else {
                pa.resetScavengeAddr();
                what = "resetScavengeAddr";
            }
            String at = ctx + " step " + step + " (" + what + ")";
            check(pa, m, at);
        }
    }

    private static String grow(PageAlloc pa, Model m, SplittableRandom rnd) {
        int n = 1 + rnd.nextInt(4);
        for (int attempt = 0; attempt < 20; attempt++) {
            int c = rnd.nextInt(NCHUNKS - n + 1);
            if (m.grown.get(c, c + n).isEmpty()) {
                pa.grow(chunkBase(LOW_CHUNK + c), n * PALLOC_CHUNK_BYTES);
                m.grown.set(c, c + n);
                m.unavailable.clear(c * PALLOC_CHUNK_PAGES, (c + n) * PALLOC_CHUNK_PAGES);
                m.scavenged.set(c * PALLOC_CHUNK_PAGES, (c + n) * PALLOC_CHUNK_PAGES);
                return "grow chunk +" + c + " x" + n;
            }
        }
        return "grow skipped";
    }

    private static long randomSize(SplittableRandom rnd) {
        int k = rnd.nextInt(100);
        if (k < 35) {
            return 1;
        } else if (k < 70) {
            return 2 + rnd.nextInt(63);
        } else if (k < 92) {
            return 65 + rnd.nextInt(PALLOC_CHUNK_PAGES);
        }
        return PALLOC_CHUNK_PAGES + rnd.nextInt(3 * PALLOC_CHUNK_PAGES);
    }

    private static String alloc(PageAlloc pa, Model m, SplittableRandom rnd, List<Live> live, String ctx) {
        long npages = randomSize(rnd);
        int want = m.firstFit(npages);
        long got = pa.alloc(npages);
        if (want < 0) {
            assertThat(got).as("%s: alloc(%d) should fail", ctx, npages).isZero();
            return "alloc " + npages + " -> 0";
        }
        assertThat(Long.toHexString(got)).as("%s: alloc(%d) base", ctx, npages)
                .isEqualTo(Long.toHexString(m.addr(want)));
        int from = want;
        int to = (int) (want + npages);
        long scavPages = m.scavenged.get(from, to).cardinality();
        assertThat(pa.lastAllocScav()).as("%s: alloc(%d) scavenged bytes", ctx, npages)
                .isEqualTo(scavPages * PAGE_SIZE);
        m.unavailable.set(from, to);
        m.allocated.set(from, to);
        m.scavenged.clear(from, to);
        live.add(new Live(got, npages));
        return "alloc " + npages + " -> page " + want;
    }

    private static String free(PageAlloc pa, Model m, SplittableRandom rnd, List<Live> live) {
        if (live.isEmpty()) {
            return "free skipped";
        }
        int k = rnd.nextInt(live.size());
        Live l = live.get(k);
        long n = l.npages();
        if (n > 1 && rnd.nextInt(4) == 0) {
            // Free a prefix; the rest stays allocated.
            n = 1 + rnd.nextLong(l.npages() - 1);
            live.set(k, new Live(l.base() + n * PAGE_SIZE, l.npages() - n));
        } else {
            live.set(k, live.get(live.size() - 1));
            live.remove(live.size() - 1);
        }
        pa.free(l.base(), n);
        int from = m.page(l.base());
        m.unavailable.clear(from, (int) (from + n));
        m.allocated.clear(from, (int) (from + n));
        return "free page " + from + " x" + n;
    }

    private static long scavengedBitsInRange(PageAlloc pa) {
        long n = 0;
        for (long c = LOW_CHUNK; c < LOW_CHUNK + NCHUNKS; c++) {
            long[] w = pa.chunkWords(c);
            for (int i = 0; i < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; i++) {
                n += Long.bitCount(w[PallocData.SCAVENGED + i]);
            }
        }
        return n;
    }

    private static String scavenge(PageAlloc pa, Model m, SplittableRandom rnd, String ctx) {
        long nbytes = rnd.nextInt(10) == 0 ? -1L : (1 + rnd.nextInt(300)) * PAGE_SIZE - rnd.nextInt(2);
        boolean locked = rnd.nextBoolean();
        long before = scavengedBitsInRange(pa);
        if (!locked) {
            pa.mheapLock().unlock();
        }
        long released = pa.scavenge(nbytes, locked);
        if (!locked) {
            pa.mheapLock().lock();
        }
        long after = scavengedBitsInRange(pa);
        assertThat(released).as("%s: scavenge(%d) released bytes = newly scavenged pages", ctx, nbytes)
                .isEqualTo((after - before) * PAGE_SIZE);
        if (nbytes != -1L && released > 0) {
            assertThat(Long.compareUnsigned(released, nbytes) >= 0
                    || pa.scavAddr() == PageAllocLayout.MIN_SCAV_ADDR
                    || PageAllocLayout.chunkIndex(pa.scavAddr()) < pa.start())
                    .as("%s: stops early only when it reached the bottom of the heap", ctx).isTrue();
        }
        // Re-read the scavenged bits of grown chunks into the model; scavenging never touches allocated pages.
        for (int c = m.grown.nextSetBit(0); c >= 0; c = m.grown.nextSetBit(c + 1)) {
            long[] w = pa.chunkWords(LOW_CHUNK + c);
            for (int p = 0; p < PALLOC_CHUNK_PAGES; p++) {
                int page = c * PALLOC_CHUNK_PAGES + p;
                boolean s = PageBits.get(w, PallocData.SCAVENGED, p) != 0;
                if (s && !m.scavenged.get(page)) {
                    assertThat(m.allocated.get(page)).as("%s: scavenged an allocated page %d", ctx, page).isFalse();
                }
                m.scavenged.set(page, s);
            }
        }
        return "scavenge " + nbytes + (locked ? " locked" : "") + " -> " + released;
    }

    /** The model's summary of the pages [first, first + count) (linear page numbers). */
    private static long slowSummary(Model m, long first, long count) {
        long lo = LOW_CHUNK << PageAllocLayout.LOG_PALLOC_CHUNK_PAGES;
        long hi = lo + NPAGES;
        long a = Math.max(first, lo);
        long b = Math.min(first + count, hi);
        long start = 0;
        if (first >= lo) {
            for (long p = first; p < b && m.free(p); p++) {
                start++;
            }
        }
        long end = 0;
        if (first + count <= hi) {
            for (long p = first + count - 1; p >= a && m.free(p); p--) {
                end++;
            }
        }
        long max = 0;
        long run = 0;
        for (long p = a; p < b; p++) {
            run = m.free(p) ? run + 1 : 0;
            max = Math.max(max, run);
        }
        return PallocSum.pack(start, max, end);
    }

    private static void check(PageAlloc pa, Model m, String at) {
        // Bitmaps equal the model; no page both allocated and scavenged.
        for (int c = 0; c < NCHUNKS; c++) {
            long[] w = pa.chunkWords(LOW_CHUNK + c);
            long[] want = m.allocated.get(c * PALLOC_CHUNK_PAGES, (c + 1) * PALLOC_CHUNK_PAGES).toLongArray();
            for (int i = 0; i < PageAllocLayout.WORDS_PER_CHUNK_BITMAP; i++) {
                long wi = i < want.length ? want[i] : 0;
                assertThat(w[i]).as("%s: chunk +%d word %d allocation bits", at, c, i).isEqualTo(wi);
                assertThat(w[i] & w[PallocData.SCAVENGED + i])
                        .as("%s: chunk +%d word %d allocated and scavenged", at, c, i).isZero();
            }
        }
        // Every summary at every level equals the model's recomputation.
        long lowAddr = chunkBase(LOW_CHUNK);
        long highAddr = chunkBase(LOW_CHUNK + NCHUNKS);
        for (int l = 0; l < SUMMARY_LEVELS; l++) {
            long lo = PageAllocLayout.summaryLo(l, lowAddr) - 1;
            long hi = PageAllocLayout.summaryHi(l, highAddr) + 1;
            for (long i = Math.max(0, lo); i < hi; i++) {
                long firstPage = i << (LEVEL_SHIFT[l] - PAGE_SHIFT);
                long want = slowSummary(m, firstPage, 1L << LEVEL_LOG_PAGES[l]);
                assertThat(PallocSum.toString(pa.summary(l, i))).as("%s: summary[%d][%d]", at, l, i)
                        .isEqualTo(PallocSum.toString(want));
            }
        }
        // And the allocator's own checks (searchAddr below-is-allocated included).
        pa.checkInvariants();
        assertThat(ARENA_BASE_OFFSET).isPositive();
    }
}

package dev.mheap4j.heap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.sweep.PageReclaimer;
import dev.mheap4j.sweep.ReclaimScan;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The page reclaimer on a heap with a known pattern of marked and unmarked in-use spans spread over several arenas:
 * it frees exactly the unmarked spans it reaches, spends and banks credit, stops at the done sentinel, and the
 * byte-wise (Go's) and word-wise scans free the same spans.
 */
class PageReclaimerTest {

    private static final int ARENAS = 3;

    /** A heap of spans of 1..20 pages filling a few arenas, every third one marked; also returns the spans. */
    private static MHeap patternHeap(SyncMode mode, ReclaimScan scan, long seed, List<MSpan> spans) {
        MHeap heap = new MHeap(HeapConfig.of(mode).withReclaimScan(scan));
        SplittableRandom rnd = new SplittableRandom(seed);
        long pagesPerArena = heap.layout().pagesPerArena();
        long total = 0;
        try (Mutator m = heap.newMutator()) {
            while (total < ARENAS * pagesPerArena - 64) {
                long npages = 1 + rnd.nextInt(20);
                spans.add(m.largeAlloc(npages * HeapTesting.PAGE, true));
                total += npages;
            }
        }
        heap.collector().collect(mark -> {
            for (int i = 0; i < spans.size(); i += 3) {
                mark.accept(spans.get(i).base());
            }
        }, true);
        return heap;
    }

    private static TreeSet<Long> freedBases(List<MSpan> spans) {
        TreeSet<Long> out = new TreeSet<>();
        for (MSpan s : spans) {
            if (s.state() == MSpanState.DEAD) {
                out.add(s.base());
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void freesExactlyTheUnmarkedSpansItReachesInOrder(SyncMode mode) {
        List<MSpan> spans = new ArrayList<>();
        MHeap heap = patternHeap(mode, ReclaimScan.BYTEWISE, 1, spans);
        PageReclaimer<MSpan> reclaimer = heap.sweeper().reclaimer();
        assertThat(heap.allArenas()).hasSize(ARENAS);

        long left = reclaimer.reclaim(1);
        assertThat(left).isZero();
        // The first chunk (512 pages of the first arena) was scanned whole: every unmarked span starting in it is
        // freed, nothing beyond it, and the surplus is banked as credit.
        long chunkEnd = heap.layout().arenaBase(heap.allArenas()[0]) + PageReclaimer.PAGES_PER_CHUNK * HeapTesting.PAGE;
        long expectedPages = 0;
        for (int i = 0; i < spans.size(); i++) {
            MSpan s = spans.get(i);
            boolean unmarked = i % 3 != 0;
            boolean inChunk = s.base() < chunkEnd;
            assertThat(s.state()).as("span %d at 0x%x", i, s.base())
                    .isEqualTo(unmarked && inChunk ? MSpanState.DEAD : MSpanState.IN_USE);
            if (unmarked && inChunk) {
                expectedPages += s.npages();
            }
        }
        assertThat(reclaimer.reclaimCredit()).as("surplus banked").isEqualTo(expectedPages - 1);
        assertThat(reclaimer.reclaimIndex()).isEqualTo(PageReclaimer.PAGES_PER_CHUNK);

        // Credit is spent before scanning further.
        long credit = reclaimer.reclaimCredit();
        reclaimer.reclaim(credit);
        assertThat(reclaimer.reclaimCredit()).isZero();
        assertThat(reclaimer.reclaimIndex()).as("no new chunk claimed").isEqualTo(PageReclaimer.PAGES_PER_CHUNK);
        HeapTesting.assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void stopsAtTheSentinelAfterTheLastArena(SyncMode mode) {
        List<MSpan> spans = new ArrayList<>();
        MHeap heap = patternHeap(mode, ReclaimScan.BYTEWISE, 2, spans);
        PageReclaimer<MSpan> reclaimer = heap.sweeper().reclaimer();
        long unmarkedPages = 0;
        for (int i = 0; i < spans.size(); i++) {
            if (i % 3 != 0) {
                unmarkedPages += spans.get(i).npages();
            }
        }
        long left = reclaimer.reclaim(unmarkedPages + 1000);
        assertThat(left).isEqualTo(1000);
        assertThat(reclaimer.isDone()).isTrue();
        assertThat(reclaimer.reclaimIndex()).isEqualTo(PageReclaimer.DONE);
        assertThat(reclaimer.reclaim(5)).as("done: returns at once").isEqualTo(5);
        for (int i = 0; i < spans.size(); i++) {
            assertThat(spans.get(i).state()).isEqualTo(i % 3 != 0 ? MSpanState.DEAD : MSpanState.IN_USE);
        }
        HeapTesting.assertConsistent(heap);
    }

    @ParameterizedTest
    @EnumSource(SyncMode.class)
    void byteAndWordScansFreeTheSameSpans(SyncMode mode) {
        for (long seed = 10; seed < 14; seed++) {
            List<MSpan> byteSpans = new ArrayList<>();
            List<MSpan> wordSpans = new ArrayList<>();
            MHeap byteHeap = patternHeap(mode, ReclaimScan.BYTEWISE, seed, byteSpans);
            MHeap wordHeap = patternHeap(mode, ReclaimScan.WORDWISE, seed, wordSpans);
            SplittableRandom asks = new SplittableRandom(seed);
            while (!byteHeap.sweeper().reclaimer().isDone()) {
                long ask = 1 + asks.nextInt(300);
                long leftB = byteHeap.sweeper().reclaimer().reclaim(ask);
                long leftW = wordHeap.sweeper().reclaimer().reclaim(ask);
                assertThat(leftW).as("seed %d", seed).isEqualTo(leftB);
                assertThat(freedBases(wordSpans)).as("seed %d", seed).isEqualTo(freedBases(byteSpans));
                assertThat(wordHeap.sweeper().reclaimer().reclaimCredit())
                        .isEqualTo(byteHeap.sweeper().reclaimer().reclaimCredit());
            }
            assertThat(wordHeap.sweeper().reclaimer().isDone()).isTrue();
            HeapTesting.assertConsistent(wordHeap);
        }
    }
}

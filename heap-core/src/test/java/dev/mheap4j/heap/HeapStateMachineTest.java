package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.LARGE;
import static dev.mheap4j.heap.HeapTesting.PAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random sequences of span allocation and free (heap and manual), small and large object allocation
 * through two mcaches (with their refills) and cache flushes, checked after every step against a simple model of
 * which pages belong to which span, and against the invariant checker. A failure names the seed and the step;
 * rerun one seed by putting it in {@link #SEEDS}.
 */
class HeapStateMachineTest {

    private static final long[] SEEDS = {1, 2, 3, 42, 0x5eed, 20191108, 35112, 7};
    private static final int STEPS = 150;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (SyncMode mode : SyncMode.values()) {
            for (long seed : SEEDS) {
                out.add(Arguments.of(mode, seed));
            }
            out.add(Arguments.of(mode, new SplittableRandom().nextLong()));
        }
        return out.stream();
    }

    /** What the model knows of one span. */
    private record ModelSpan(MSpan span, long base, long npages, MSpanState state) {
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("cases")
    void randomSequencesAgreeWithTheModel(SyncMode mode, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        MHeap heap = new MHeap(HeapConfig.of(mode));
        MCache[] caches = {heap.newMCache(), heap.newMCache()};
        Map<Long, ModelSpan> spans = new HashMap<>(); // freeable spans by base
        Set<Long> objects = new HashSet<>();
        List<String> log = new ArrayList<>();

        for (int step = 0; step < STEPS; step++) {
            int op = rnd.nextInt(100);
            String what;
            if (op < 25) {
                long npages = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(3000) : 1 + rnd.nextInt(40);
                MSpan s = heap.alloc(npages, LARGE, false);
                spans.put(s.base(), new ModelSpan(s, s.base(), npages, MSpanState.IN_USE));
                what = "alloc " + npages + " -> 0x" + Long.toHexString(s.base());
            } else if (op < 35) {
                long npages = 1 + rnd.nextInt(8);
                MSpan s = heap.allocManual(npages);
                spans.put(s.base(), new ModelSpan(s, s.base(), npages, MSpanState.MANUAL));
                what = "allocManual " + npages + " -> 0x" + Long.toHexString(s.base());
            } else if (op < 60) {
                if (spans.isEmpty()) {
                    continue;
                }
                List<Long> bases = new ArrayList<>(spans.keySet());
                bases.sort(null);
                ModelSpan m = spans.remove(bases.get(rnd.nextInt(bases.size())));
                if (m.state() == MSpanState.MANUAL) {
                    heap.freeManual(m.span());
                } else {
                    heap.freeSpan(m.span());
                }
                what = "free 0x" + Long.toHexString(m.base());
            } else if (op < 88) {
                MCache c = caches[rnd.nextInt(2)];
                long size = 1 + rnd.nextInt(rnd.nextBoolean() ? 256 : 32768);
                long p = c.mallocSmall(size, rnd.nextBoolean());
                if (!objects.add(p)) {
                    fail("seed %d step %d: object 0x%x handed out twice", seed, step, p);
                }
                what = "malloc " + size + " -> 0x" + Long.toHexString(p);
            } else if (op < 95) {
                MCache c = caches[rnd.nextInt(2)];
                MSpan s = c.largeAlloc(32769 + rnd.nextInt(1 << 20), rnd.nextBoolean());
                objects.add(s.base());
                what = "largeAlloc -> " + s;
            } else {
                int i = rnd.nextInt(2);
                caches[i].releaseAll();
                what = "releaseAll cache " + i;
            }
            log.add(what);
            String context = "seed " + seed + " step " + step + " (" + what + ")";

            for (ModelSpan m : spans.values()) {
                assertThat(m.span().state()).as(context).isEqualTo(m.state());
                assertThat(m.span().base()).as(context).isEqualTo(m.base());
                for (long p = 0; p < m.npages(); p += Math.max(1, m.npages() / 16)) {
                    assertThat(heap.spanOf(m.base() + p * PAGE)).as(context).isSameAs(m.span());
                }
            }
            for (long p : objects) {
                MSpan s = heap.spanOfHeap(p);
                assertThat(s).as(context + ": object 0x%x has a heap span", p).isNotNull();
                assertThat(s.isFree(s.objIndex(p))).as(context + ": object 0x%x allocated", p).isFalse();
            }
            List<String> problems = HeapInvariants.check(heap);
            if (!problems.isEmpty()) {
                fail("%s: %s%nlast steps: %s", context, problems,
                        log.subList(Math.max(0, log.size() - 10), log.size()));
            }
        }
    }
}

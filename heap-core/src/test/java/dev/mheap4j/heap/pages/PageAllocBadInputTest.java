package dev.mheap4j.heap.pages;

import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_BYTES;
import static dev.mheap4j.heap.pages.PageAllocLayout.PALLOC_CHUNK_PAGES;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.BASE_CHUNK_IDX;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.PAGE_SIZE;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.chunks;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.newPageAlloc;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.pageBase;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.r;
import static dev.mheap4j.heap.pages.PageAllocTestSupport.ranges;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rejected input leaves the allocator unchanged; lock preconditions are checked; Go's scavenger hole quirk. */
class PageAllocBadInputTest {

    private static final long B = BASE_CHUNK_IDX;
    private static final int P = PALLOC_CHUNK_PAGES;

    /** Chunk B half allocated ({0, 256}), chunk B+1 free, chunk B+2 not grown, chunk B+3 full. */
    private static PageAlloc sample() {
        PageAlloc pa = newPageAlloc(chunks(B, ranges(r(0, P / 2)), B + 1, ranges(), B + 3, ranges(r(0, P))),
                chunks(B + 1, ranges(r(10, 20))));
        assertThat(pa.alloc(3)).isEqualTo(pageBase(B, P / 2));
        return pa;
    }

    interface Call {
        void run(PageAlloc pa);
    }

    static Stream<Arguments> badCalls() {
        return Stream.of(
                Arguments.of("alloc 0 pages", (Call) pa -> pa.alloc(0), "npages = 0"),
                Arguments.of("alloc -5 pages", (Call) pa -> pa.alloc(-5), "npages = -5"),
                Arguments.of("free 0 pages", (Call) pa -> pa.free(pageBase(B, 0), 0), "npages = 0"),
                Arguments.of("free -1 pages", (Call) pa -> pa.free(pageBase(B, 0), -1), "npages = -1"),
                Arguments.of("free unaligned base", (Call) pa -> pa.free(pageBase(B, 0) + 8, 1),
                        "0x" + Long.toHexString(pageBase(B, 0) + 8)),
                Arguments.of("free a free page", (Call) pa -> pa.free(pageBase(B + 1, 7), 1),
                        "0x" + Long.toHexString(pageBase(B + 1, 7))),
                Arguments.of("free partially allocated range", (Call) pa -> pa.free(pageBase(B, P / 2 - 2), 10),
                        "(5 of them are)"),
                Arguments.of("free across chunks, partly free", (Call) pa -> pa.free(pageBase(B + 3, 0), P + 1),
                        "(" + P + " of them are)"),
                Arguments.of("free in ungrown chunk", (Call) pa -> pa.free(pageBase(B + 2, 0), 4),
                        "0x" + Long.toHexString(pageBase(B + 2, 0))),
                Arguments.of("free past the address space", (Call) pa -> pa.free(pageBase(B, 0), 1L << 40),
                        "1099511627776 pages"),
                Arguments.of("grow unaligned base", (Call) pa -> pa.grow(pageBase(B + 2, 1), PALLOC_CHUNK_BYTES),
                        "0x" + Long.toHexString(pageBase(B + 2, 1))),
                Arguments.of("grow unaligned size", (Call) pa -> pa.grow(pageBase(B + 2, 0), PALLOC_CHUNK_BYTES + 8192),
                        "size = " + (PALLOC_CHUNK_BYTES + 8192)),
                Arguments.of("grow empty", (Call) pa -> pa.grow(pageBase(B + 2, 0), 0), "size = 0"),
                Arguments.of("grow negative", (Call) pa -> pa.grow(pageBase(B + 2, 0), -PALLOC_CHUNK_BYTES),
                        "size = -" + PALLOC_CHUNK_BYTES),
                Arguments.of("grow overlapping exactly", (Call) pa -> pa.grow(pageBase(B, 0), PALLOC_CHUNK_BYTES),
                        "overlaps grown chunk " + B),
                Arguments.of("grow overlapping partly",
                        (Call) pa -> pa.grow(pageBase(B + 2, 0), 2 * PALLOC_CHUNK_BYTES),
                        "overlaps grown chunk " + (B + 3)),
                Arguments.of("grow covering address 0", (Call) pa -> pa.grow(-PALLOC_CHUNK_BYTES, 2 * PALLOC_CHUNK_BYTES),
                        "covers address 0"),
                Arguments.of("grow past 48 bits", (Call) pa -> pa.grow((1L << 47) - PALLOC_CHUNK_BYTES,
                        2 * PALLOC_CHUNK_BYTES), "leaves the 48-bit"),
                Arguments.of("grow in the non-canonical hole", (Call) pa -> pa.grow(1L << 50, PALLOC_CHUNK_BYTES),
                        "0x" + Long.toHexString(1L << 50)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCalls")
    void rejectsBadInputAndChangesNothing(String name, Call call, String mentions) {
        PageAlloc pa = sample();
        PageAllocState before = pa.snapshot();
        assertThatThrownBy(() -> call.run(pa)).as(name)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mentions);
        assertThat(pa.snapshot()).as("%s: state after the rejected call", name).isEqualTo(before);
        pa.checkInvariants();
    }

    /** The snapshot comparison above can fail: a successful call changes the snapshot. */
    @Test
    void snapshotSeesChanges() {
        PageAlloc pa = sample();
        PageAllocState before = pa.snapshot();
        pa.free(pageBase(B, P / 2), 1);
        assertThat(pa.snapshot()).isNotEqualTo(before);
        PageAllocState afterFree = pa.snapshot();
        pa.grow(pageBase(B + 2, 0), PALLOC_CHUNK_BYTES);
        assertThat(pa.snapshot()).isNotEqualTo(afterFree);
    }

    @Test
    void hugeRequestsFailLikeGo() {
        PageAlloc pa = sample();
        assertThat(pa.alloc(1L << 40)).isZero();
        assertThat(pa.alloc(Long.MAX_VALUE)).isZero();
        pa.checkInvariants();
    }

    @Test
    void constructorRejectsBadPageSizes() {
        ReentrantLock l = new ReentrantLock();
        assertThatThrownBy(() -> new PageAlloc(l, 3000, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("physPageSize = 3000");
        assertThatThrownBy(() -> new PageAlloc(l, 1L << 20, 0, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("physPageSize = 1048576");
        assertThatThrownBy(() -> new PageAlloc(l, 4096, 8L << 20, true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("physHugePageSize = 8388608");
    }

    private static boolean assertionsEnabled() {
        boolean on = false;
        assert on = true;
        return on;
    }

    /** Every entry point asserts its lock precondition (surefire runs with -ea; this test fails without it). */
    @Test
    void callingWithoutTheHeapLockFails() {
        assertThat(assertionsEnabled()).as("tests must run with -ea").isTrue();
        PageAlloc pa = sample();
        pa.mheapLock().unlock();
        assertThat(pa.mheapLock().isHeldByCurrentThread()).isFalse();
        assertThatThrownBy(() -> pa.alloc(1)).isInstanceOf(AssertionError.class).hasMessageContaining("mheap lock");
        assertThatThrownBy(() -> pa.free(pageBase(B, 0), 1)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> pa.grow(pageBase(B + 2, 0), PALLOC_CHUNK_BYTES)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> pa.scavenge(PAGE_SIZE, true)).isInstanceOf(AssertionError.class);
        assertThatThrownBy(pa::resetScavengeAddr).isInstanceOf(AssertionError.class);
        assertThatThrownBy(pa::snapshot).isInstanceOf(AssertionError.class);
        assertThatThrownBy(pa::checkInvariants).isInstanceOf(AssertionError.class);
        // Unlocked scavenge is the one call that must run WITHOUT the lock ...
        assertThat(pa.scavenge(PAGE_SIZE, false)).isPositive();
        // ... and it refuses to run with it held.
        pa.mheapLock().lock();
        assertThatThrownBy(() -> pa.scavenge(PAGE_SIZE, false)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("must not be held");
        // Another thread holding the lock does not count.
        pa.mheapLock().unlock();
        ReentrantLock lock = pa.mheapLock();
        Thread t = new Thread(lock::lock);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThatThrownBy(() -> pa.alloc(1)).isInstanceOf(AssertionError.class);
    }

    /**
     * Go at dac936a4 probes the chunk at scavAddr without checking its summary, so a never-grown chunk just below a
     * scavenged chunk (all zeros: "free and unscavenged") is scavenged too and its bytes reported (fixed upstream by
     * d183253572). We reproduce it; the invariants still hold since the hole has no allocated page.
     */
    @Test
    void scavengerTakesAHoleBelowAScavengedChunkAsAtTheSeed() {
        PageAlloc pa = newPageAlloc(chunks(B, ranges(), B + 2, ranges()), null);
        long released = pa.scavenge(-1L, true);
        assertThat(released).as("three chunks' worth: two grown, one hole").isEqualTo(3 * PALLOC_CHUNK_BYTES);
        assertThat(pa.isGrown(B + 1)).isFalse();
        assertThat(pa.isScavenged(pageBase(B + 1, 0))).isTrue();
        pa.checkInvariants();
        // Growing the hole later marks it scavenged anyway, so nothing is lost.
        pa.grow(pageBase(B + 1, 0), PALLOC_CHUNK_BYTES);
        assertThat(pa.alloc(P * 3L)).isEqualTo(pageBase(B, 0));
        assertThat(pa.lastAllocScav()).isEqualTo(3 * PALLOC_CHUNK_BYTES);
        pa.checkInvariants();
    }

    @Test
    void productionModeCountsReleasedBytes() {
        PageAlloc pa = new PageAlloc(PageAllocTestSupport.heldLock());
        pa.grow(pageBase(B, 0), 2 * PALLOC_CHUNK_BYTES);
        long a = pa.alloc(2L * P);
        assertThat(a).isEqualTo(pageBase(B, 0));
        assertThat(pa.lastAllocScav()).as("grown memory starts scavenged").isEqualTo(2 * PALLOC_CHUNK_BYTES);
        pa.free(a, 2L * P);
        pa.resetScavengeAddr();
        assertThat(pa.scavenge(PAGE_SIZE, true)).isEqualTo(pa.heapReleasedBytes()).isPositive();
        assertThat(pa.metadataBytes()).isPositive();
    }
}

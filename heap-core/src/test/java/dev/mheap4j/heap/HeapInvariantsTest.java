package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.LARGE;
import static dev.mheap4j.heap.HeapTesting.PAGE;
import static dev.mheap4j.heap.HeapTesting.newHeap;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The invariant checker finds each kind of corruption it claims to find. */
class HeapInvariantsTest {

    private static MHeap heapWithSpans() {
        MHeap heap = newHeap(SyncMode.SEED);
        heap.alloc(3, LARGE, false);
        heap.allocManual(2);
        heap.newMCache().mallocSmall(64, true);
        assertThat(HeapInvariants.check(heap)).isEmpty();
        return heap;
    }

    @Test
    void clearedInUseBit() {
        MHeap heap = heapWithSpans();
        MSpan s = heap.alloc(1, LARGE, false);
        heap.arenaOf(s.base()).bitmaps().pageInUse()
                .and8(heap.layout().pageByteIndex(s.base()), (byte) ~heap.layout().pageMask(s.base()));
        assertThat(HeapInvariants.check(heap)).anyMatch(p -> p.startsWith("pageInUse bit of page 0x"
                + Long.toHexString(s.base()) + " is false"));
    }

    @Test
    void strayInUseBitOnAnInteriorPage() {
        MHeap heap = heapWithSpans();
        MSpan s = heap.alloc(4, LARGE, false);
        long inner = s.base() + 2 * PAGE;
        heap.arenaOf(inner).bitmaps().pageInUse().or8(heap.layout().pageByteIndex(inner), heap.layout().pageMask(inner));
        assertThat(HeapInvariants.check(heap)).anyMatch(p -> p.contains("is inside"));
    }

    @Test
    void pagesInUseOffByOne() {
        MHeap heap = heapWithSpans();
        MSpan s = heap.alloc(1, LARGE, false);
        s.setState(MSpanState.MANUAL); // the span no longer counts as in use, but pagesInUse still does
        assertThat(HeapInvariants.check(heap)).anyMatch(p -> p.startsWith("pagesInUse"));
    }

    @Test
    void wrongSpansEntry() {
        MHeap heap = heapWithSpans();
        MSpan a = heap.alloc(2, LARGE, false);
        MSpan b = heap.alloc(2, LARGE, false);
        heap.setSpans(a.base() + PAGE, 1, b);
        assertThat(HeapInvariants.check(heap)).anyMatch(p -> p.startsWith("spans entry of page 0x"
                + Long.toHexString(a.base() + PAGE)));
    }

    @Test
    void statsThatDoNotAddUp() {
        MHeap heap = heapWithSpans();
        heap.stats().heapIdle.addAndGet(PAGE);
        assertThat(HeapInvariants.check(heap)).anyMatch(p -> p.contains("heap_idle"));
    }

    @Test
    void pagesAllocatedWithoutASpan() {
        MHeap heap = heapWithSpans();
        long base = heap.withLock(v -> v.pages().alloc(2));
        assertThat(HeapInvariants.check(heap)).anyMatch(p -> p.equals("page 0x" + Long.toHexString(base)
                + " is allocated but in no live span"));
    }

    @Test
    void foreignSpanOnAnMCentralList() {
        MHeap heap = heapWithSpans();
        MSpan large = heap.alloc(1, LARGE, false);
        MCentral c = heap.central(SpanClass.make(5, true));
        c.withLock(() -> {
            c.nonempty.insert(large);
            return null;
        });
        assertThat(HeapInvariants.check(heap)).anyMatch(p -> p.startsWith("mcentral 11 list holds"));
    }
}

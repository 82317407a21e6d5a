package dev.mheap4j.heap;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared helpers for heap tests. */
final class HeapTesting {

    static final long PAGE = HeapConstants.PAGE_SIZE;
    /** Span class of a 1-object large span (size class 0, noscan). */
    static final int LARGE = SpanClass.make(0, true);

    private HeapTesting() {
    }

    static MHeap newHeap(SyncMode mode) {
        return new MHeap(HeapConfig.of(mode));
    }

    static void assertConsistent(MHeap heap) {
        assertThat(HeapInvariants.check(heap)).as("heap invariants").isEmpty();
    }

    static boolean inUseBit(MHeap heap, long addr) {
        HeapArena ha = heap.arenaOf(addr);
        return (ha.bitmaps().pageInUse().load8(heap.layout().pageByteIndex(addr)) & heap.layout().pageMask(addr)) != 0;
    }
}

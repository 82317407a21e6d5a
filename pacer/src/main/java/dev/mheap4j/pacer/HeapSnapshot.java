package dev.mheap4j.pacer;

/**
 * Fixed {@link HeapStats} values, for simulations and tests, or for a heap that reads its statistics once under its
 * lock and hands them over. The record does not check its values; the pacer checks what it reads.
 *
 * @param heapLive     {@code memstats.heap_live}
 * @param heapScan     {@code memstats.heap_scan}
 * @param pagesInUse   {@code mheap_.pagesInUse}
 * @param sweepDone    {@code isSweepDone()}
 * @param heapRetained {@code heap_sys - heap_released}
 */
public record HeapSnapshot(long heapLive, long heapScan, long pagesInUse, boolean sweepDone, long heapRetained)
        implements HeapStats {

    /** A heap with everything swept and nothing retained beyond {@code heapLive}. */
    public static HeapSnapshot swept(long heapLive) {
        return new HeapSnapshot(heapLive, 0, 0, true, heapLive);
    }

    @Override
    public boolean isSweepDone() {
        return sweepDone;
    }

    /** A copy with another {@code heapLive}. */
    public HeapSnapshot withHeapLive(long live) {
        return new HeapSnapshot(live, heapScan, pagesInUse, sweepDone, heapRetained);
    }
}

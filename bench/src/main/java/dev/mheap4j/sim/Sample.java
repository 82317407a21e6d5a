package dev.mheap4j.sim;

/**
 * The heap's state at one moment of a run, taken by the first mutator thread every few allocations (outside any
 * world section, so the figures may be a few allocations apart).
 *
 * @param nanos      time since the run started
 * @param cycle      GC cycles completed so far (the sample lies in the sweep phase of cycle {@code cycle})
 * @param heapLive   heap_live
 * @param heapInuse  heap_inuse
 * @param pagesInUse mheap.pagesInUse
 * @param pagesSwept pages swept in the current sweep cycle
 * @param sweepLine  pages the proportional-sweep line asks to have swept at this heap_live (NaN when proportional
 *                   sweep is off, i.e. the slope is 0)
 */
public record Sample(long nanos, int cycle, long heapLive, long heapInuse, long pagesInUse, long pagesSwept,
                     double sweepLine) {
}

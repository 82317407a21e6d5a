package dev.mheap4j.pacer;

/**
 * What the pacer reads from the heap: the few statistics Go's pacing code loads from {@code memstats} and
 * {@code mheap_}. The pacer owns numbers, not spans, so the heap hands it these values through this view.
 *
 * <p>A pacer operation reads what it needs before it writes anything, normally once per value (Go loads some of
 * them more than once; a single reading is one of the interleavings Go allows). An implementation over a live heap should use the synchronization Go uses for the
 * field: atomic loads for {@code heap_live}, {@code pagesInUse}, {@code heap_sys}, {@code heap_released}. All byte and
 * page counts must be non-negative {@code long}s; the pacer rejects a negative reading with
 * {@link IllegalArgumentException} before changing any state.
 *
 * <p>{@code pagesSwept} is not here: it lives with the rest of the sweep pacing line in {@link SweepPacing}.
 */
public interface HeapStats {

    /**
     * Bytes the GC considers live: marked by the last cycle plus allocated since (atomic in Go).
     *
     * @mirrors mstats.go:mstats.heap_live
     */
    long heapLive();

    /**
     * Bytes of the heap that hold pointers and must be scanned (feeds the mark assist ratio).
     *
     * @mirrors mstats.go:mstats.heap_scan
     */
    long heapScan();

    /**
     * Pages of spans in the in-use state (atomic since the seed commit).
     *
     * @mirrors mheap.go:mheap.pagesInUse
     */
    long pagesInUse();

    /**
     * Whether every span of this cycle has been swept or is being swept.
     *
     * @mirrors mgcsweep.go:isSweepDone
     */
    boolean isSweepDone();

    /**
     * Heap bytes backed by memory the OS has not been told to release: {@code heap_sys - heap_released}.
     *
     * @mirrors mgcscavenge.go:heapRetained
     */
    long heapRetained();
}

package dev.mheap4j.heap;

/** Where the heap lock is taken, so hold and wait times can be told apart per operation. */
public enum HeapLockSite {
    /** Heap span allocation (alloc_m, or allocSpan's locked part). */
    ALLOC,
    /** Manual span allocation. */
    ALLOC_MANUAL,
    /** Heap span free (freeSpan). */
    FREE,
    /** Manual span free. */
    FREE_MANUAL,
    /** The page reclaimer's scan (reclaim / reclaimChunk). */
    RECLAIM,
    /** GC cycle bookkeeping (sweep termination, pacing) and anything else. */
    OTHER
}

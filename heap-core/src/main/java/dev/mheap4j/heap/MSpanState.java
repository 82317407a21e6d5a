package dev.mheap4j.heap;

/**
 * The span states of the seed commit. The treap era's "free" state was gone by then: free pages exist only as
 * zero bits in the page allocator, and a span object not in use is {@link #DEAD}.
 *
 * <p>Transitions (Go's rule): dead to in-use or manual in any GC phase; in-use to dead only by sweeping and
 * manual to dead only while the GC is off. A span's state is written with a volatile store only after every other
 * field is valid, so a reader that loads the state (volatile) and sees {@link #IN_USE} sees an initialised span.
 *
 * @mirrors mheap.go:mSpanState
 */
public enum MSpanState {
    /**
     * Not in use: the span object is free for reuse.
     *
     * @mirrors mheap.go:mSpanDead
     */
    DEAD,
    /**
     * A span of the garbage-collected heap.
     *
     * @mirrors mheap.go:mSpanInUse
     */
    IN_USE,
    /**
     * A manually managed span (stacks, GC work buffers): no in-use bit, not counted in pagesInUse.
     *
     * @mirrors mheap.go:mSpanManual
     */
    MANUAL
}

package dev.mheap4j.heap;

import dev.mheap4j.bitmap.BitmapKind;

/**
 * How the heap synchronises the page sweeper's metadata ({@code heapArena.pageInUse} and
 * {@code mheap.pagesInUse}) and where span publication happens relative to the heap lock. Chosen when the heap
 * is built; the three modes share every line of code except the few that read the flags below.
 */
public enum SyncMode {

    /**
     * Go commit 7f574e476a, the seed's parent: pageInUse and pagesInUse are read and written with plain
     * accesses, and every access holds the heap lock.
     *
     * @mirrors mheap.go:alloc_m@P plain OR of the in-use bit and plain pagesInUse add, under the heap lock
     */
    PARENT("7f574e476a", BitmapKind.PLAIN, false, false),

    /**
     * Go commit dac936a4, the seed: the same placement under the heap lock, but pageInUse is updated with atomic
     * Or8/And8/Load8 and pagesInUse with atomic adds. No behaviour changes; the atomics cost a little.
     *
     * @mirrors mheap.go:alloc_m atomic Or8 of the in-use bit and atomic pagesInUse add, still under the lock
     */
    SEED("dac936a4ab", BitmapKind.ATOMIC, true, false),

    /**
     * Go commit a762221bea, the seed's successor: allocSpan takes the heap lock only to get pages and a span
     * object; span initialisation, setSpans, the sweep-list push, the in-use bit and pagesInUse happen after the
     * lock is released, which only the seed's atomics make safe.
     *
     * @mirrors mheap.go:(*mheap).allocSpan@a762221bea publication after unlock
     */
    ALLOC_SPAN("a762221bea", BitmapKind.ATOMIC, true, true);

    private final String goCommit;
    private final BitmapKind pageInUseKind;
    private final boolean atomicPagesInUse;
    private final boolean publishesAfterUnlock;

    SyncMode(String goCommit, BitmapKind pageInUseKind, boolean atomicPagesInUse, boolean publishesAfterUnlock) {
        this.goCommit = goCommit;
        this.pageInUseKind = pageInUseKind;
        this.atomicPagesInUse = atomicPagesInUse;
        this.publishesAfterUnlock = publishesAfterUnlock;
    }

    /** The Go commit this mode mirrors (10 hex digits). */
    public String goCommit() {
        return goCommit;
    }

    /** How the arenas' pageInUse bitmaps are accessed. */
    public BitmapKind pageInUseKind() {
        return pageInUseKind;
    }

    /** Whether pagesInUse is an atomic counter (else a plain field guarded by the heap lock). */
    public boolean atomicPagesInUse() {
        return atomicPagesInUse;
    }

    /** Whether allocSpan initialises and publishes a span after releasing the heap lock. */
    public boolean publishesAfterUnlock() {
        return publishesAfterUnlock;
    }
}

package dev.mheap4j.heap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap's {@code pagesInUse} counter, in the two forms the modes need: a plain field that every caller updates
 * with the heap lock held (before the seed), or an atomic counter (from the seed on).
 *
 * @mirrors mheap.go:mheap.pagesInUse
 */
abstract class PageCounter {

    /** Adds {@code delta} pages (negative to subtract). */
    abstract void add(long delta);

    /** The current count. */
    abstract long load();

    static PageCounter create(boolean atomic) {
        return atomic ? new Atomic() : new Plain();
    }

    /** Plain long: the parent commit's "R/W with mheap.lock". */
    static final class Plain extends PageCounter {
        /** Written and read with the heap lock held (invariant checks read it at quiescent points). */
        private long pages;

        @Override
        void add(long delta) {
            pages += delta;
        }

        @Override
        long load() {
            return pages;
        }
    }

    /** The seed's "updated atomically": atomic adds, atomic loads. */
    static final class Atomic extends PageCounter {
        /** Updated with atomic adds by alloc and free (with or without the heap lock); read atomically. */
        private final AtomicLong pages = new AtomicLong();

        @Override
        void add(long delta) {
            pages.addAndGet(delta);
        }

        @Override
        long load() {
            return pages.get();
        }
    }
}

package dev.mheap4j.sweep;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A stack of spans that supports concurrent pushes or concurrent pops, but not both at once: the heap keeps two,
 * one of swept spans (pushed by allocation and sweeping) and one of spans still to sweep (popped by sweepers), and
 * swaps their roles while the world is stopped at the end of each mark phase.
 *
 * <p>Storage is a spine of fixed blocks of 512 entries, as in Go. Blocks are never released, so after warm-up a
 * push allocates nothing; {@link #reset} only rewinds the index.
 *
 * <p>Synchronization: {@code index} is claimed with atomic adds; a slot is written with a volatile store after its
 * index is claimed and read with a volatile load by pop, which only runs after a stop-the-world swap has ordered it
 * after every push. The spine grows copy-on-write under {@code spineLock} and is published through a volatile
 * field, so a pusher that sees a long enough spine never takes the lock.
 *
 * @param <T> the span type
 * @mirrors mgcsweepbuf.go:gcSweepBuf
 */
public final class GcSweepBuf<T> {

    /** @mirrors mgcsweepbuf.go:gcSweepBlockEntries */
    public static final int BLOCK_ENTRIES = 512;

    /** The blocks; replaced (never mutated in place once published) under spineLock, read lock-free. */
    private volatile AtomicReferenceArray<T>[] spine = newSpine(0);
    /** Guards spine growth. */
    private final Object spineLock = new Object();
    /** Number of entries pushed and not popped. Atomic. */
    private final AtomicInteger index = new AtomicInteger();

    @SuppressWarnings("unchecked")
    private static <T> AtomicReferenceArray<T>[] newSpine(int n) {
        return (AtomicReferenceArray<T>[]) new AtomicReferenceArray<?>[n];
    }

    /**
     * Pushes {@code span}. Safe to call concurrently with other pushes, never with pops.
     *
     * @mirrors mgcsweepbuf.go:(*gcSweepBuf).push
     */
    public void push(T span) {
        int cursor = index.getAndIncrement();
        int top = cursor / BLOCK_ENTRIES;
        int bottom = cursor % BLOCK_ENTRIES;
        AtomicReferenceArray<T>[] s = spine;
        if (top >= s.length) {
            s = growTo(top + 1);
        }
        s[top].set(bottom, span);
    }

    private AtomicReferenceArray<T>[] growTo(int blocks) {
        synchronized (spineLock) {
            AtomicReferenceArray<T>[] s = spine;
            if (blocks <= s.length) {
                return s;
            }
            int newLen = Math.max(blocks, Math.max(4, s.length * 2));
            AtomicReferenceArray<T>[] grown = newSpine(newLen);
            System.arraycopy(s, 0, grown, 0, s.length);
            for (int i = s.length; i < newLen; i++) {
                grown[i] = new AtomicReferenceArray<>(BLOCK_ENTRIES);
            }
            spine = grown;
            return grown;
        }
    }

    /**
     * Pops a span, or returns null when empty. Safe to call concurrently with other pops, never with pushes.
     *
     * @mirrors mgcsweepbuf.go:(*gcSweepBuf).pop
     */
    public T pop() {
        int cursor = index.decrementAndGet();
        if (cursor < 0) {
            index.incrementAndGet();
            return null;
        }
        AtomicReferenceArray<T> block = spine[cursor / BLOCK_ENTRIES];
        return block.getAndSet(cursor % BLOCK_ENTRIES, null);
    }

    /** Number of entries currently held. */
    public int size() {
        return Math.max(0, index.get());
    }

    /** Whether the buffer holds no entries. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * Drops every entry (keeping the blocks). Only while no push or pop runs.
     *
     * @mirrors mgcsweepbuf.go:(*gcSweepBuf).reset
     */
    public void reset() {
        int n = index.getAndSet(0);
        AtomicReferenceArray<T>[] s = spine;
        for (int i = 0; i < n; i++) {
            s[i / BLOCK_ENTRIES].set(i % BLOCK_ENTRIES, null);
        }
    }

    /** Calls {@code action} on every entry, in push order. Only while no push or pop runs. */
    public void forEach(java.util.function.Consumer<? super T> action) {
        int n = index.get();
        AtomicReferenceArray<T>[] s = spine;
        for (int i = 0; i < n; i++) {
            T t = s[i / BLOCK_ENTRIES].get(i % BLOCK_ENTRIES);
            if (t != null) {
                action.accept(t);
            }
        }
    }
}

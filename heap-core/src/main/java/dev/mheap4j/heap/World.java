package dev.mheap4j.heap;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Stop-the-world for the model. Go stops the world by preempting every goroutine at a safe point; here every
 * thread that may touch the heap's metadata in a way the GC must not see half done (a mutator allocating, a
 * sweeper sweeping a span) runs inside {@link #enter}/{@link #exit}, and the GC stops the world by taking the
 * write side: it waits for those sections to end and keeps new ones from starting.
 *
 * <p>A section is Go's "preemption disabled" ({@code acquirem}/{@code releasem}): re-entrant, and a thread inside
 * one must not try to stop the world (it would wait for itself).
 *
 * @mirrors proc.go:stopTheWorldWithSema
 */
public final class World {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    /**
     * Enters a non-preemptible section.
     *
     * @mirrors runtime1.go:acquirem
     */
    public void enter() {
        lock.readLock().lock();
    }

    /**
     * Leaves a non-preemptible section.
     *
     * @mirrors runtime1.go:releasem
     */
    public void exit() {
        lock.readLock().unlock();
    }

    /** Whether the calling thread is inside a section. */
    public boolean inSection() {
        return lock.getReadHoldCount() > 0;
    }

    /**
     * Stops the world: returns once no other thread is inside a section, with new sections blocked.
     *
     * @throws IllegalStateException when the caller is itself inside a section
     * @mirrors proc.go:stopTheWorldWithSema
     */
    public void stop() {
        if (inSection()) {
            throw new IllegalStateException("cannot stop the world from inside a non-preemptible section");
        }
        lock.writeLock().lock();
    }

    /**
     * Restarts the world.
     *
     * @mirrors proc.go:startTheWorldWithSema
     */
    public void start() {
        lock.writeLock().unlock();
    }

    /** Whether the calling thread has stopped the world. */
    public boolean stoppedByMe() {
        return lock.isWriteLockedByCurrentThread();
    }
}

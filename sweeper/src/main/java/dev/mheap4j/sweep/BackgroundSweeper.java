package dev.mheap4j.sweep;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background sweeper: a daemon thread that sleeps until a GC cycle wakes it, then sweeps spans one at a time
 * (yielding between them) until the cycle's sweeping is done, then sleeps again. It can be started, woken, and
 * stopped cleanly; stopping (or interrupting its thread) ends it between two spans, never in the middle of one, so
 * the heap stays consistent and whatever it left unswept is swept by the next cycle's start.
 *
 * @mirrors mgcsweep.go:bgsweep
 */
public final class BackgroundSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BackgroundSweeper.class);

    private final Sweeper<?> sweeper;

    /**
     * Guards {@link #parked} and {@link #stopping}.
     *
     * @mirrors mgcsweep.go:sweepdata.lock
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();

    /**
     * Whether the thread is asleep waiting for a cycle. Written and read under {@link #lock}.
     *
     * @mirrors mgcsweep.go:sweepdata.parked
     */
    private boolean parked;

    /** Whether {@link #close} was called. Written under {@link #lock}; volatile so the thread can poll it. */
    private volatile boolean stopping;

    /**
     * Spans swept by this thread since it started. Atomic.
     *
     * @mirrors mgcsweep.go:sweepdata.nbgsweep
     */
    private final AtomicLong nbgsweep = new AtomicLong();

    private Thread thread;

    public BackgroundSweeper(Sweeper<?> sweeper) {
        this.sweeper = sweeper;
    }

    /**
     * Starts the thread, which parks until the first {@link #wake}.
     *
     * @throws IllegalStateException when already started
     * @mirrors mgc.go:gcenable the start of bgsweep
     */
    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException("background sweeper already started");
        }
        lock.lock();
        try {
            parked = true;
        } finally {
            lock.unlock();
        }
        thread = new Thread(this::run, "bgsweep");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Wakes the thread if it is parked: a new cycle has unswept spans.
     *
     * @mirrors mgc.go:gcSweep the ready(sweep.g) when sweep.parked
     */
    public void wake() {
        lock.lock();
        try {
            if (parked) {
                parked = false;
                woken.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (true) {
                while (!Thread.currentThread().isInterrupted() && !isStopping()
                        && sweeper.sweepone(SweepSource.BACKGROUND) != Sweeper.NOTHING_LEFT) {
                    nbgsweep.incrementAndGet();
                    Thread.yield(); // Go's Gosched between spans
                }
                lock.lock();
                try {
                    if (stopping || Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    if (!sweeper.isSweepDone()) {
                        continue; // a new cycle began while we were finishing the last one
                    }
                    parked = true;
                    while (parked && !stopping) {
                        woken.await();
                    }
                    if (stopping) {
                        return;
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            log.debug("background sweeper interrupted while parked; exiting");
        } catch (RuntimeException | Error e) {
            log.error("background sweeper died", e);
            throw e;
        } finally {
            lock.lock();
            try {
                parked = false;
            } finally {
                lock.unlock();
            }
        }
    }

    private boolean isStopping() {
        return stopping;
    }

    /** Whether the thread is parked waiting for work. */
    public boolean isParked() {
        lock.lock();
        try {
            return parked;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the thread is running (started and not yet exited). */
    public synchronized boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    /** Spans swept by this thread. */
    public long spansSwept() {
        return nbgsweep.get();
    }

    /** The sweeper thread, for tests that interrupt it; null before {@link #start}. */
    public synchronized Thread thread() {
        return thread;
    }

    /**
     * Stops the thread after the span it is sweeping, if any, and waits for it to exit (up to 10 seconds).
     */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        lock.lock();
        try {
            stopping = true;
            woken.signal();
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

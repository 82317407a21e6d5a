package dev.mheap4j.heap;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;

/**
 * The heap lock ({@code mheap_.lock}), with optional instrumentation of how long each acquisition waited and how
 * long the lock was then held, per {@link HeapLockSite}, in nanoseconds.
 *
 * <p>Instrumentation is fixed when the heap is built. When off, {@link #lock} and {@link #unlock} are a
 * {@code final boolean} test away from plain ReentrantLock calls, which the JIT folds. When on, both histograms of
 * a site are recorded while the lock is held, so the lock itself serialises all writers and the histograms need no
 * synchronization of their own; {@link #snapshot} copies them under the lock too.
 *
 * <p>Go's heap lock is not reentrant, and neither is this one in use: taking it twice on one thread is an error
 * (checked with an assertion).
 *
 * @mirrors mheap.go:mheap.lock
 */
public final class HeapLock {

    private static final long HIGHEST_TRACKABLE_NANOS = 60_000_000_000L;

    private final ReentrantLock lock = new ReentrantLock();
    private final boolean instrumented;
    /** Per site, guarded by {@link #lock}. */
    private final Histogram[] waitNanos;
    /** Per site, guarded by {@link #lock}. */
    private final Histogram[] holdNanos;
    /** When the current holder acquired the lock; written and read by the holder only. */
    private long acquiredAt;
    /** The current holder's site; written and read by the holder only. */
    private HeapLockSite heldFor;

    HeapLock(boolean instrumented) {
        this.instrumented = instrumented;
        int n = HeapLockSite.values().length;
        this.waitNanos = new Histogram[instrumented ? n : 0];
        this.holdNanos = new Histogram[instrumented ? n : 0];
        for (int i = 0; i < waitNanos.length; i++) {
            waitNanos[i] = new Histogram(HIGHEST_TRACKABLE_NANOS, 2);
            holdNanos[i] = new Histogram(HIGHEST_TRACKABLE_NANOS, 2);
        }
    }

    /** Acquires the lock for {@code site}. */
    void lock(HeapLockSite site) {
        assert !lock.isHeldByCurrentThread() : "heap lock is not reentrant";
        if (!instrumented) {
            lock.lock();
            return;
        }
        long start = System.nanoTime();
        lock.lock();
        long now = System.nanoTime();
        waitNanos[site.ordinal()].recordValue(Math.min(now - start, HIGHEST_TRACKABLE_NANOS));
        acquiredAt = now;
        heldFor = site;
    }

    /** Releases the lock. */
    void unlock() {
        if (instrumented) {
            long held = System.nanoTime() - acquiredAt;
            holdNanos[heldFor.ordinal()].recordValue(Math.min(held, HIGHEST_TRACKABLE_NANOS));
        }
        lock.unlock();
    }

    /** Whether the calling thread holds the lock (for precondition assertions). */
    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /** Whether some thread is waiting for the lock (for tests that stage an interleaving). */
    boolean hasQueuedThreads() {
        return lock.hasQueuedThreads();
    }

    /** The underlying lock, handed to the page allocator, which asserts that its caller holds it. */
    ReentrantLock raw() {
        return lock;
    }

    /** Whether hold and wait times are being recorded. */
    public boolean instrumented() {
        return instrumented;
    }

    /**
     * Copies of the wait and hold histograms per site, taken under the lock; empty when not instrumented.
     */
    public LockTimes snapshot() {
        Map<HeapLockSite, Histogram> wait = new EnumMap<>(HeapLockSite.class);
        Map<HeapLockSite, Histogram> hold = new EnumMap<>(HeapLockSite.class);
        if (instrumented) {
            lock(HeapLockSite.OTHER);
            try {
                for (HeapLockSite site : HeapLockSite.values()) {
                    wait.put(site, waitNanos[site.ordinal()].copy());
                    hold.put(site, holdNanos[site.ordinal()].copy());
                }
            } finally {
                // Do not record the snapshot's own hold time.
                lock.unlock();
            }
        }
        return new LockTimes(wait, hold);
    }

    /** Clears the recorded times (e.g. after a benchmark's warm-up). */
    public void resetTimes() {
        if (!instrumented) {
            return;
        }
        lock(HeapLockSite.OTHER);
        try {
            for (int i = 0; i < waitNanos.length; i++) {
                waitNanos[i].reset();
                holdNanos[i].reset();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wait and hold time histograms per lock site, in nanoseconds.
     *
     * @param waitNanos time from asking for the lock to getting it
     * @param holdNanos time from getting the lock to releasing it
     */
    public record LockTimes(Map<HeapLockSite, Histogram> waitNanos, Map<HeapLockSite, Histogram> holdNanos) {
    }
}

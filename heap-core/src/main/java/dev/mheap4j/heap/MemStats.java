package dev.mheap4j.heap;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap-level memory statistics of Go's {@code memstats} that the heap maintains. Since Go commit ae4534e659
 * (before the seed's parent) these are "updated atomically, or with the world stopped"; here every one is an
 * {@link AtomicLong}, updated with atomic adds by whichever thread changes it, with or without the heap lock.
 *
 * <p>Byte counts; {@code heapInuse + heapIdle == heapSys} whenever the heap is quiescent, and manual spans move
 * their bytes out of {@code heapSys} into {@code stacksInuse} (Go's allocManual / freeManual).
 *
 * @mirrors mstats.go:mstats
 */
public final class MemStats {

    /**
     * Bytes in in-use heap spans.
     *
     * @mirrors mstats.go:mstats.heap_inuse
     */
    final AtomicLong heapInuse = new AtomicLong();

    /**
     * Bytes mapped for the heap but not in any span.
     *
     * @mirrors mstats.go:mstats.heap_idle
     */
    final AtomicLong heapIdle = new AtomicLong();

    /**
     * Bytes of address space mapped for the heap (manual spans excluded).
     *
     * @mirrors mstats.go:mstats.heap_sys
     */
    final AtomicLong heapSys = new AtomicLong();

    /**
     * Bytes of idle heap returned to the OS (scavenged). Fresh mappings count as released.
     *
     * @mirrors mstats.go:mstats.heap_released
     */
    final AtomicLong heapReleased = new AtomicLong();

    /**
     * Bytes considered live by the pacer: cached spans count whole, large objects when allocated. Updated
     * atomically by mcentral.cacheSpan / uncacheSpan and large allocation; set at mark termination.
     *
     * @mirrors mstats.go:mstats.heap_live
     */
    final AtomicLong heapLive = new AtomicLong();

    /**
     * Bytes of scannable heap, flushed from the mcaches' local counts under the heap lock.
     *
     * @mirrors mstats.go:mstats.heap_scan
     */
    final AtomicLong heapScan = new AtomicLong();

    /**
     * Bytes of manual spans (Go charges stacks_inuse for stacks).
     *
     * @mirrors mstats.go:mstats.stacks_inuse
     */
    final AtomicLong stacksInuse = new AtomicLong();

    public long heapInuse() {
        return heapInuse.get();
    }

    public long heapIdle() {
        return heapIdle.get();
    }

    public long heapSys() {
        return heapSys.get();
    }

    public long heapReleased() {
        return heapReleased.get();
    }

    public long heapLive() {
        return heapLive.get();
    }

    public long heapScan() {
        return heapScan.get();
    }

    public long stacksInuse() {
        return stacksInuse.get();
    }

    /**
     * Bytes of heap memory the process retains: mapped minus released.
     *
     * @mirrors mgcscavenge.go:heapRetained
     */
    public long heapRetained() {
        return heapSys.get() - heapReleased.get();
    }
}

package dev.mheap4j.bench.heap;

import dev.mheap4j.heap.HeapConfig;
import dev.mheap4j.heap.MHeap;
import dev.mheap4j.heap.MSpan;
import dev.mheap4j.heap.Roots;
import dev.mheap4j.heap.SpanClass;
import dev.mheap4j.heap.SyncMode;
import dev.mheap4j.sweep.SweepSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Heap span allocation and free under contention, per synchronization mode: the study's core benchmark.
 *
 * <p>One operation is {@code heap.alloc(npages, SpanClass.make(0, true), false)} followed by
 * {@code heap.freeSpan(s)} on one heap shared by all benchmark threads (1, 2, or 4 on a 2-CPU machine: more threads
 * than cores). With {@code instrumented=true} the heap lock records hold and wait times, reported per operation in
 * {@link LockCounters}; {@code instrumented=false} measures the same without instrumentation, whose cost (two
 * {@code nanoTime} calls and two histogram records per acquisition, all inside the lock) is the difference.
 *
 * <p>Every heap span allocation pushes the span onto the swept-span stack (GcSweepBuf), which only drains when a GC
 * cycle swaps and sweeps it; without cycles it grows by a 512-entry block every 512 operations for the whole run.
 * So each iteration starts (outside the measured time) with a forced GC cycle and a full sweep, after which the
 * stack is empty and its blocks are reused by the next iteration (which allocates new blocks only if it performs
 * more operations than any earlier one). One wrinkle: the measured spans are freed directly with {@code freeSpan},
 * not by sweeping (Go never does that), so the stack is full of references to free span objects that are not
 * swept for the next cycle, and sweepone would rightly throw "non in-use span in unswept list" on them. So before
 * the cycle the setup allocates as many spans as there are recycled span objects, bringing every one of those
 * objects back in use; the cycle (with no roots) then finds them unmarked and the sweep frees them properly, and the
 * stack's other references to the same objects are skipped as already swept.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SpanAllocFreeBench {

    static final int SPAN_CLASS = SpanClass.make(0, true);

    @Param({"PARENT", "SEED", "ALLOC_SPAN"})
    public SyncMode mode;

    @Param({"1", "8", "64"})
    public long npages;

    @Param({"true", "false"})
    public boolean instrumented;

    MHeap heap;
    /** Whether some thread has filled its LockCounters this iteration; reset by {@link #startIteration}. */
    final AtomicBoolean reported = new AtomicBoolean();

    @Setup(Level.Trial)
    public void setUp() {
        heap = new MHeap(HeapConfig.of(mode).withInstrumentedLock(instrumented));
        // Grow the heap once so that the measured operations reuse pages instead of mapping arenas.
        MSpan[] spans = new MSpan[8];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = heap.alloc(npages, SPAN_CLASS, false);
        }
        for (MSpan s : spans) {
            heap.freeSpan(s);
        }
    }

    /**
     * Before each iteration (not measured): every recycled span object brought back in use, a forced GC cycle and a
     * full sweep, so the swept-span stack is empty and its blocks are reused (see the class comment); then the lock's times are cleared, so they cover this iteration only.
     */
    @Setup(Level.Iteration)
    public void startIteration() {
        int recycled = heap.withLock(v -> v.freeSpanObjects());
        for (int i = 0; i < recycled; i++) {
            heap.alloc(1, SPAN_CLASS, false);
        }
        heap.collector().collect(Roots.NONE, true);
        heap.sweeper().sweepAll(SweepSource.FINISH);
        heap.lock().resetTimes();
        reported.set(false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        heap.close();
    }

    long allocFree() {
        MSpan s = heap.alloc(npages, SPAN_CLASS, false);
        heap.freeSpan(s);
        return s.base();
    }

    /**
     * Question: on one thread (no contention), how many span alloc + free pairs per microsecond does each mode
     * manage, and how long does each pair hold the heap lock? The SEED-vs-PARENT ratio is the price of the seed's
     * atomics on an uncontended critical path; ALLOC_SPAN-vs-SEED is what moving span initialisation out of the
     * lock saves when nobody waits.
     */
    @Benchmark
    @Threads(1)
    public long threads1(LockCounters c) {
        return allocFree();
    }

    /**
     * Question: with two threads (one per core) allocating and freeing spans on one heap, how does throughput and
     * the heap lock's hold and wait time per pair change between modes; does the shorter ALLOC_SPAN critical
     * section reduce waiting?
     */
    @Benchmark
    @Threads(2)
    public long threads2(LockCounters c) {
        return allocFree();
    }

    /**
     * Question: with four threads on two cores (more threads than cores, so lock holders get descheduled), how do
     * throughput and hold/wait time per pair compare between modes?
     */
    @Benchmark
    @Threads(4)
    public long threads4(LockCounters c) {
        return allocFree();
    }
}

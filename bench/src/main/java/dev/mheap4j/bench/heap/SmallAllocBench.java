package dev.mheap4j.bench.heap;

import dev.mheap4j.heap.HeapConfig;
import dev.mheap4j.heap.MHeap;
import dev.mheap4j.heap.Mutator;
import dev.mheap4j.heap.SyncMode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
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
 * Small-object allocation through the mcache and mcentral ({@code Mutator.mallocSmall}) with the background sweeper
 * running and GC cycles happening, per synchronization mode.
 *
 * <p>Each thread owns a {@link Mutator} and a ring of the last {@link #LIVE_PER_THREAD} addresses it allocated: the
 * bounded live set. The collector's trigger roots mark every ring, so allocation starts cycles on its own when
 * heap_live reaches the trigger; an object leaves the live set when the ring overwrites it and is then swept by the
 * background sweeper, by proportional sweeping, or by the page reclaimer. One operation is one
 * {@code mallocSmall(size, true)} plus the ring update, inside {@code Mutator.atomically} so that no cycle stops the
 * world between the two. The per-op cost therefore includes this operation's share of GC cycles and sweeping.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SmallAllocBench {

    /** Objects each thread keeps live. */
    static final int LIVE_PER_THREAD = 1 << 13;

    @Param({"PARENT", "SEED", "ALLOC_SPAN"})
    public SyncMode mode;

    /** Object size in bytes (a small size class). */
    @Param({"64"})
    public long size;

    MHeap heap;
    /** The rings of all threads; added to by each thread's setup, read by the roots with the world stopped. */
    final List<long[]> rings = new CopyOnWriteArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        heap = new MHeap(HeapConfig.of(mode).withBackgroundSweep(true));
        heap.collector().setTriggerRoots(this::markRings);
    }

    private void markRings(LongConsumer mark) {
        for (long[] ring : rings) {
            for (long a : ring) {
                if (a != 0) {
                    mark.accept(a);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        heap.close();
    }

    /** One thread's mutator and live ring. */
    @State(Scope.Thread)
    public static class ThreadState {
        Mutator m;
        long[] ring;
        int next;
        long size;
        long last;
        /** Created once, so the measured path allocates no lambda. */
        Supplier<Object> step;

        @Setup(Level.Trial)
        public void setUp(SmallAllocBench bench) {
            m = bench.heap.newMutator();
            ring = new long[LIVE_PER_THREAD];
            size = bench.size;
            step = () -> {
                long a = m.mallocSmall(size, true);
                ring[next] = a;
                next = (next + 1) & (LIVE_PER_THREAD - 1);
                last = a;
                return null;
            };
            bench.rings.add(ring);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            m.close();
        }
    }

    long op(ThreadState t) {
        t.m.atomically(t.step);
        return t.last;
    }

    /**
     * Question: how many small objects per microsecond does one mutator allocate through its mcache (refilled from
     * mcentral, which allocates spans from the heap) while GC cycles and the background sweeper run, per mode?
     */
    @Benchmark
    @Threads(1)
    public long threads1(ThreadState t) {
        return op(t);
    }

    /**
     * Question: the same with two mutators sharing the heap (and its lock, mcentrals and GC cycles), per mode.
     */
    @Benchmark
    @Threads(2)
    public long threads2(ThreadState t) {
        return op(t);
    }
}

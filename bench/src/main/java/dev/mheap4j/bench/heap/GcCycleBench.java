package dev.mheap4j.bench.heap;

import dev.mheap4j.heap.CycleStats;
import dev.mheap4j.heap.HeapConfig;
import dev.mheap4j.heap.MHeap;
import dev.mheap4j.heap.Mutator;
import dev.mheap4j.heap.Roots;
import dev.mheap4j.heap.SyncMode;
import dev.mheap4j.sweep.SweepSource;
import java.util.concurrent.TimeUnit;
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

/**
 * One full GC cycle at several heap sizes, per synchronization mode.
 *
 * <p>The heap holds {@code heapMiB} MiB of {@link #OBJECT_SIZE}-byte noscan objects, every other one live (the live
 * set, fixed for the trial). Before each invocation (not measured) the garbage freed by the previous cycle is
 * allocated again, so every measured cycle starts from the same shape: half the objects dead. The measured
 * operation is {@code collect(liveSet, true)} (sweep termination, marking the live set with the world stopped, mark
 * termination, the pacer and gcSweep) followed by {@code sweepAll(FINISH)}, which sweeps every span.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GcCycleBench {

    static final long OBJECT_SIZE = 1024;

    @Param({"PARENT", "SEED", "ALLOC_SPAN"})
    public SyncMode mode;

    @Param({"16", "64", "256"})
    public int heapMiB;

    MHeap heap;
    Mutator m;
    long[] live;
    Roots roots;

    @Setup(Level.Trial)
    public void setUp() {
        heap = new MHeap(HeapConfig.of(mode));
        m = heap.newMutator();
        int objects = (int) ((long) heapMiB * (1 << 20) / OBJECT_SIZE);
        live = new long[objects / 2];
        for (int i = 0; i < objects; i++) {
            long a = m.malloc(OBJECT_SIZE, true);
            if (i % 2 == 0) {
                live[i / 2] = a;
            }
        }
        roots = mark -> {
            for (long a : live) {
                mark.accept(a);
            }
        };
    }

    /** Re-allocates the garbage the previous cycle freed (one dead object per live one). */
    @Setup(Level.Invocation)
    public void refill() {
        if (heap.collector().cycles() == 0) {
            return;
        }
        for (int i = 0; i < live.length; i++) {
            m.malloc(OBJECT_SIZE, true);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        m.close();
        heap.close();
    }

    /**
     * Question: how long does one full GC cycle (mark {@code heapMiB / 2} MiB of live objects, sweep termination,
     * then sweep every span) take, how does that grow with the heap, and does the mode change it?
     */
    @Benchmark
    public long fullCycle() {
        CycleStats cs = heap.collector().collect(roots, true);
        heap.sweeper().sweepAll(SweepSource.FINISH);
        return cs.heapMarked();
    }
}

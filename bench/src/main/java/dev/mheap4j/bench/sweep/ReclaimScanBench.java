package dev.mheap4j.bench.sweep;

import dev.mheap4j.heap.SyncMode;
import dev.mheap4j.pacer.SweepPacing;
import dev.mheap4j.sweep.PageReclaimer;
import dev.mheap4j.sweep.ReclaimScan;
import dev.mheap4j.sweep.Sweeper;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The page reclaimer's scan over a whole heap, byte-wise (Go's loop) against word-wise.
 *
 * <p>What exactly is measured: one {@code PageReclaimer.reclaim(totalPages)} on a {@link ScanOnlyHeap} right after
 * {@code Sweeper.startCycle}: 512-page chunk claims with an atomic add, the heap lock taken once, the
 * {@code pageInUse &^ pageMarks} walk over every arena, and for every in-use unmarked page a spans lookup and a
 * failed sweepgen claim (all spans are already swept). Sweeping and freeing are not measured (nothing is freed, so
 * the heap is the same for every call). The primary score is scans per second; the auxiliary counter
 * {@code pages} is pages scanned per second.
 *
 * <p>{@code mode} only picks the pageInUse bitmap kind: PARENT's plain bytes against the atomic bitmap of SEED (and
 * ALLOC_SPAN, which uses the same bitmap and is therefore not repeated).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReclaimScanBench {

    @Param({"1", "64", "1024"})
    public int arenas;

    /** Fraction of pages with the in-use bit set (each a one-page span). */
    @Param({"0.01", "0.5", "1.0"})
    public double density;

    /** Fraction of in-use pages also marked (marked pages are skipped by the bitmap test). */
    @Param({"0.5"})
    public double markedFraction;

    @Param({"BYTEWISE", "WORDWISE"})
    public ReclaimScan scan;

    @Param({"PARENT", "SEED"})
    public SyncMode mode;

    ScanOnlyHeap heap;
    Sweeper<ScanOnlyHeap.Span> sweeper;
    PageReclaimer<ScanOnlyHeap.Span> reclaimer;
    long[] arenaList;
    long totalPages;

    @Setup(Level.Trial)
    public void setUp() {
        heap = new ScanOnlyHeap(arenas, mode.pageInUseKind(), density, markedFraction, 42);
        sweeper = new Sweeper<>(heap, new SweepPacing(), scan);
        reclaimer = sweeper.reclaimer();
        arenaList = heap.arenas();
        totalPages = heap.totalPages();
    }

    /** Pages scanned, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Pages {
        /** Pages scanned this iteration; written by the benchmark thread only. */
        public long pages;
    }

    /**
     * Question: how many pages per second does the reclaimer scan when nothing can be reclaimed, byte-wise (Go's
     * {@code load8} loop) against word-wise ({@code load64}, skipping empty words), and how does that scale with
     * heap size (1, 64, 1024 arenas) and in-use density (1%, 50%, 100%)?
     */
    @Benchmark
    public long scanHeap(Pages p) {
        heap.lockHeap();
        try {
            sweeper.startCycle(arenaList);
        } finally {
            heap.unlockHeap();
        }
        long notFound = reclaimer.reclaim(totalPages);
        p.pages += totalPages;
        return notFound;
    }
}

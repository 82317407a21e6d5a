package dev.mheap4j.sim;

import dev.mheap4j.heap.CycleStats;
import dev.mheap4j.heap.HeapLock;
import dev.mheap4j.heap.MHeap;
import dev.mheap4j.heap.Mutator;
import dev.mheap4j.heap.Roots;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Scenario} on a fresh {@link MHeap}: one thread per simulated goroutine allocates through its own
 * {@link Mutator} and keeps its live set; the heap triggers GC cycles itself when heap_live reaches the trigger
 * (marking every thread's live set with the world stopped), and sweeping proceeds from the background sweeper,
 * proportional sweep and the page reclaimer. The run ends after the scenario's cycles, or, when GC is off, after an
 * allocation budget.
 */
public final class Simulation {

    private static final Logger LOG = LoggerFactory.getLogger(Simulation.class);

    /** The first thread samples the heap every this many allocations (doubled when the samples exceed the cap). */
    private static final int SAMPLE_EVERY = 32;
    private static final int MAX_SAMPLES = 40_000;

    private final SimulationConfig config;
    private final Consumer<String> traceOut;
    private final Consumer<MHeap> afterCycle;

    /** Set by the last cycle's listener or a failing thread; read by every thread between allocations. */
    private final AtomicBoolean stop = new AtomicBoolean();
    /** The first failure of a mutator thread: set once (CAS) by that thread, read after all threads are joined. */
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Added to by every mutator thread after each allocation; summed by the progress line and at the end. */
    private final LongAdder bytesAllocated = new LongAdder();
    /** As {@link #bytesAllocated}, counting objects. */
    private final LongAdder objectsAllocated = new LongAdder();
    /** Cycle figures; written by the collector's listener (cycles are serialised), read after the run. */
    private final List<CycleStats> cycles = Collections.synchronizedList(new ArrayList<>());
    /** The gctrace lines, written and read as {@link #cycles}. */
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    /** Written by thread 0 only, read after it has been joined. */
    private final List<Sample> samples = new ArrayList<>();
    /** The run's heap: written once by run() before any thread starts, read by the progress line (volatile). */
    private volatile MHeap heap;

    /**
     * @param config     the run
     * @param traceOut   receives each gctrace line as the cycle ends (world still stopped)
     * @param afterCycle called after each cycle with the world stopped (tests run the invariant checker here); may
     *                   be null
     */
    public Simulation(SimulationConfig config, Consumer<String> traceOut, Consumer<MHeap> afterCycle) {
        this.config = config;
        this.traceOut = traceOut == null ? s -> { } : traceOut;
        this.afterCycle = afterCycle;
    }

    /** Cycles completed so far (for progress display). */
    public int cyclesDone() {
        MHeap h = heap;
        return h == null ? 0 : h.collector().cycles();
    }

    /** Bytes allocated so far. */
    public long bytesAllocatedSoFar() {
        return bytesAllocated.sum();
    }

    /** Runs the scenario to its end and returns what happened. */
    public SimulationResult run() throws InterruptedException {
        Scenario sc = config.scenario();
        MHeap h = new MHeap(config.heapConfig());
        heap = h;
        int totalCycles = sc.totalCycles();
        long start = System.nanoTime();
        GcTrace trace = new GcTrace(start, config.gomaxprocs());
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < sc.threads(); i++) {
            workers.add(new Worker(i, h, sc, new SplittableRandom(sc.seed() + i), start));
        }
        Roots roots = mark -> {
            for (Worker w : workers) {
                w.live.forEach(mark);
            }
        };
        h.collector().addListener(cs -> {
            String line = trace.format(cs, System.nanoTime());
            cycles.add(cs);
            lines.add(line);
            traceOut.accept(line);
            if (afterCycle != null) {
                afterCycle.accept(h);
            }
            if (cs.cycle() >= totalCycles) {
                h.collector().setTriggerRoots(null);
                stop.set(true);
            }
        });
        h.collector().setTriggerRoots(roots);
        // With GC off no cycle ends the run: stop after allocating what the cycles would have allocated.
        long budget = (long) Math.min(Long.MAX_VALUE / 4.0,
                (double) totalCycles * 4 * (sc.maxLiveBytes() + (8L << 20)));
        List<Thread> threads = new ArrayList<>();
        for (Worker w : workers) {
            Thread t = new Thread(() -> w.run(budget), "mutator-" + w.id);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        HeapLock.LockTimes times = h.lock().snapshot();
        h.close();
        Summary summary = summarize(h, times, elapsed);
        LOG.debug("run of {} in {} mode done: {} cycles, {} samples", sc.name(), config.mode(), cycles.size(),
                samples.size());
        return new SimulationResult(config, List.copyOf(cycles), List.copyOf(lines), List.copyOf(samples), summary,
                times, failure.get());
    }

    private Summary summarize(MHeap h, HeapLock.LockTimes times, long elapsed) {
        long peakLive = 0;
        long peakInuse = h.stats().heapInuse();
        for (CycleStats cs : cycles) {
            peakLive = Math.max(peakLive, Math.max(cs.heapLiveAtStart(), cs.heapLiveAtMarkEnd()));
        }
        for (Sample s : samples) {
            peakLive = Math.max(peakLive, s.heapLive());
            peakInuse = Math.max(peakInuse, s.heapInuse());
        }
        Histogram hold = Summary.mergedHold(times);
        double meanRatio = Double.NaN;
        double lastRatio = Double.NaN;
        List<CycleStats> settled = cycles.size() > 2 ? cycles.subList(2, cycles.size()) : cycles;
        if (!settled.isEmpty()) {
            meanRatio = settled.stream().mapToDouble(Simulation::goalRatio).average().orElse(Double.NaN);
            lastRatio = goalRatio(cycles.get(cycles.size() - 1));
        }
        return new Summary(config.scenario().name(), config.mode().name(), cycles.size(), bytesAllocated.sum(),
                objectsAllocated.sum(), peakLive, peakInuse, h.stats().heapSys(),
                Summary.pagesBySource(src -> h.sweeper().totalPagesSwept(src)),
                hold.getTotalCount() == 0 ? 0 : hold.getMean(), hold.getValueAtPercentile(99), hold.getTotalCount(),
                meanRatio, lastRatio, elapsed);
    }

    /** heap_live at mark termination over the goal in force for the cycle. */
    public static double goalRatio(CycleStats cs) {
        return (double) cs.heapLiveAtMarkEnd() / (double) cs.heapGoal();
    }

    /** One simulated goroutine. */
    private final class Worker {
        final int id;
        final MHeap h;
        final Scenario sc;
        final SplittableRandom rnd;
        final long start;
        final LiveSet live = new LiveSet();
        final double[] cumulative;

        Worker(int id, MHeap h, Scenario sc, SplittableRandom rnd, long start) {
            this.id = id;
            this.h = h;
            this.sc = sc;
            this.rnd = rnd;
            this.start = start;
            cumulative = new double[sc.sizes().size()];
            double sum = 0;
            for (int i = 0; i < cumulative.length; i++) {
                sum += sc.sizes().get(i).weight();
                cumulative[i] = sum;
            }
        }

        long nextSize() {
            double x = rnd.nextDouble() * cumulative[cumulative.length - 1];
            int i = 0;
            while (i < cumulative.length - 1 && x >= cumulative[i]) {
                i++;
            }
            SizeBucket b = sc.sizes().get(i);
            return b.min() == b.max() ? b.min() : rnd.nextLong(b.min(), b.max() + 1);
        }

        void run(long budget) {
            int sampleEvery = SAMPLE_EVERY;
            long n = 0;
            try (Mutator m = h.newMutator()) {
                while (!stop.get()) {
                    long size = nextSize();
                    boolean noscan = rnd.nextDouble() < sc.noscanFraction();
                    long target = sc.phaseAfter(h.collector().cycles()).liveBytes() / sc.threads();
                    boolean pin = sc.pinnedFraction() > 0 && rnd.nextDouble() < sc.pinnedFraction()
                            && live.pinnedBytes() + size <= target / 2;
                    m.atomically(() -> {
                        long addr = m.malloc(size, noscan);
                        live.add(addr, size, pin);
                        while (live.bytes() > target && live.dropRandom(rnd)) {
                            // drop until back under this thread's share
                        }
                        return null;
                    });
                    bytesAllocated.add(size);
                    objectsAllocated.increment();
                    if (id == 0 && ++n % sampleEvery == 0) {
                        sample();
                        if (samples.size() >= MAX_SAMPLES) {
                            thin();
                            sampleEvery *= 2;
                        }
                    }
                    if (id == 0 && (n & 1023) == 0 && bytesAllocated.sum() > budget) {
                        stop.set(true);
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
                stop.set(true);
                h.collector().setTriggerRoots(null);
            }
        }

        void sample() {
            var pacing = h.sweeper().pacing();
            long heapLive = h.stats().heapLive();
            double slope = pacing.sweepPagesPerByte();
            double line = slope > 0
                    ? pacing.pagesSweptBasis() + slope * (double) (heapLive - pacing.sweepHeapLiveBasis())
                    : Double.NaN;
            samples.add(new Sample(System.nanoTime() - start, h.collector().cycles(), heapLive,
                    h.stats().heapInuse(), h.pagesInUse(), h.pagesSwept(), line));
        }

        /** Keeps every other sample. */
        void thin() {
            List<Sample> kept = new ArrayList<>(samples.size() / 2 + 1);
            for (int i = 0; i < samples.size(); i += 2) {
                kept.add(samples.get(i));
            }
            samples.clear();
            samples.addAll(kept);
        }
    }
}

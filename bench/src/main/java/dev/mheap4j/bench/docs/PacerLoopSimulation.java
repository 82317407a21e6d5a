package dev.mheap4j.bench.docs;

import dev.mheap4j.pacer.GcControllerState;
import dev.mheap4j.pacer.GcPacer;
import dev.mheap4j.pacer.GcPhase;
import dev.mheap4j.pacer.HeapSnapshot;
import dev.mheap4j.pacer.TriggerClamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A closed-loop toy of the pacer's trigger feedback: a program with a constant live heap that allocates at a
 * constant rate, and a GC whose background workers scan at a constant rate. Each cycle the pacer's trigger decides
 * when marking starts, the model decides how far the heap grows and how much assist time marking needs, and
 * {@link GcControllerState#endCycle} turns that into the next trigger ratio.
 *
 * <p>The model (for docs/pacer.md, not a claim about real programs): the live heap {@code L} is all scannable, so a
 * cycle's scan work is {@code L}; background marking uses 25% of {@code procs} Ps at {@code scanBytesPerNs} each.
 * If background marking alone finishes before the heap reaches the goal, there is no assist and the heap ends at
 * {@code trigger + allocation during mark}. Otherwise assists make marking finish exactly at the goal: the mark
 * phase lasts as long as it takes to allocate from the trigger to the goal, and assists scan whatever background
 * workers did not (assist time = that work / scan rate). Sweeping is taken as done before each trigger.
 */
public final class PacerLoopSimulation {

    /** One cycle's outcome. */
    public record Cycle(int number, double triggerRatio, long trigger, long goal, long heapAtMarkEnd,
                        double assistUtilization, double nextTriggerRatio) {
    }

    private final long liveHeap;
    private final double allocBytesPerNs;
    private final double scanBytesPerNs;
    private final int procs;
    private final GcPacer pacer;

    /**
     * @param gogc             the GOGC setting
     * @param clamp            the clamp rule
     * @param liveHeap         bytes live (and marked) every cycle
     * @param allocBytesPerNs  the mutator's allocation rate
     * @param scanBytesPerNs   one mark worker's scan rate
     * @param procs            GOMAXPROCS
     */
    public PacerLoopSimulation(int gogc, TriggerClamp clamp, long liveHeap, double allocBytesPerNs,
                               double scanBytesPerNs, int procs) {
        this.liveHeap = liveHeap;
        this.allocBytesPerNs = allocBytesPerNs;
        this.scanBytesPerNs = scanBytesPerNs;
        this.procs = procs;
        this.pacer = GcPacer.gcinit(Integer.toString(gogc), clamp, GcPacer.DEFAULT_PHYS_PAGE_SIZE,
                new ReentrantLock(), HeapSnapshot.swept(0));
        // Start as if a first cycle had marked the live heap, with gcinit's 7/8 ratio.
        withLock(() -> {
            pacer.setHeapMarked(liveHeap);
            pacer.gcSetTriggerRatio(pacer.triggerRatio(), HeapSnapshot.swept(liveHeap));
        });
    }

    /** Runs {@code n} cycles and returns them in order. */
    public List<Cycle> run(int n) {
        List<Cycle> cycles = new ArrayList<>();
        long now = 0;
        for (int i = 1; i <= n; i++) {
            Cycle c = cycle(i, now);
            cycles.add(c);
            now += 1_000_000_000L;
        }
        return cycles;
    }

    private Cycle cycle(int number, long start) {
        Cycle[] out = new Cycle[1];
        withLock(() -> {
            double ratio = pacer.triggerRatio();
            long trigger = pacer.gcTrigger();
            GcControllerState controller = pacer.controller();
            pacer.setGcPhase(GcPhase.MARK);
            HeapSnapshot atTrigger = new HeapSnapshot(trigger, liveHeap, 0, true, trigger);
            controller.startCycle(atTrigger, procs);
            controller.setMarkStartTime(start);
            long goal = pacer.nextGC();

            double backgroundRate = scanBytesPerNs * procs * GcControllerState.GC_BACKGROUND_UTILIZATION;
            double backgroundDuration = liveHeap / backgroundRate;
            double growth = allocBytesPerNs * backgroundDuration;
            long heapAtEnd;
            long duration;
            long assistNanos = 0;
            if (trigger + growth <= goal) {
                heapAtEnd = (long) (trigger + growth);
                duration = (long) backgroundDuration;
            } else {
                double markDuration = (goal - trigger) / allocBytesPerNs;
                double assistWork = liveHeap - backgroundRate * markDuration;
                assistNanos = (long) (assistWork / scanBytesPerNs);
                heapAtEnd = goal;
                duration = Math.max(1, (long) markDuration);
            }
            controller.addScanWork(liveHeap);
            controller.addAssistTime(assistNanos);
            HeapSnapshot atEnd = new HeapSnapshot(heapAtEnd, liveHeap, 0, true, heapAtEnd);
            double next = controller.endCycle(atEnd, false, start + duration, procs);
            double assistUtilization = (double) assistNanos / ((double) duration * procs);

            pacer.setGcPhase(GcPhase.OFF);
            pacer.setHeapMarked(liveHeap);
            pacer.recordCycleEnd(heapAtEnd);
            pacer.gcSetTriggerRatio(next, HeapSnapshot.swept(liveHeap));
            out[0] = new Cycle(number, ratio, trigger, goal, heapAtEnd, assistUtilization, next);
        });
        return out[0];
    }

    /** The pacer being driven. */
    public GcPacer pacer() {
        return pacer;
    }

    private void withLock(Runnable r) {
        pacer.heapLock().lock();
        try {
            r.run();
        } finally {
            pacer.heapLock().unlock();
        }
    }
}

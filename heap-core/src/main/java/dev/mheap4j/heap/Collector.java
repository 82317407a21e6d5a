package dev.mheap4j.heap;

import dev.mheap4j.pacer.GcPhase;
import dev.mheap4j.pacer.GcPacer;
import dev.mheap4j.sweep.SweepSource;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Runs GC cycles on a heap, in Go's order: finish the previous sweep, reset the page marks, start the cycle's
 * pacing, mark, then mark termination (the trigger-ratio feedback from the previous heap_marked, heap_marked and
 * heap_live from this mark, gcSweep, the scavenger's inputs, the new trigger), flush every mcache, and restart the
 * world; sweeping then proceeds concurrently (background sweeper, proportional sweep on allocation, page reclaim
 * before growth).
 *
 * <p>The mark phase is simulated: the caller's {@link Roots} name the live objects and the collector marks them with
 * the world stopped (Go marks concurrently, allocating black; the model does not, so heap_live at mark termination
 * equals heap_live at the start).
 *
 * @mirrors mgc.go:gcStart
 */
public final class Collector {

    private final MHeap heap;

    /** Serialises cycles (Go's work.startSema). */
    private final ReentrantLock startSema = new ReentrantLock();

    /**
     * Cycles completed. Written under startSema; read anywhere.
     *
     * @mirrors mgc.go:work.cycles
     */
    private volatile int cycles;

    /** Roots used by cycles the heap triggers itself; null means such cycles are not run. */
    private volatile Roots triggerRoots;

    /** Called after each cycle with its figures (the simulator prints gctrace lines from it). */
    private final List<Consumer<CycleStats>> listeners = new CopyOnWriteArrayList<>();

    Collector(MHeap heap) {
        this.heap = heap;
    }

    /** Registers the roots that cycles triggered by allocation will mark; null disables triggered cycles. */
    public void setTriggerRoots(Roots roots) {
        this.triggerRoots = roots;
    }

    /** Adds a listener called (on the collecting thread) after every cycle. */
    public void addListener(Consumer<CycleStats> listener) {
        listeners.add(listener);
    }

    /** Cycles completed. */
    public int cycles() {
        return cycles;
    }

    /**
     * Runs a cycle if heap_live has reached the trigger and trigger roots are set; returns its stats or null. The
     * caller must not be inside a world section.
     *
     * @mirrors mgc.go:gcTrigger.test
     */
    public CycleStats maybeCollect() {
        Roots roots = triggerRoots;
        if (roots == null || !heap.pacer().heapTriggerReached(heap.stats().heapLive())) {
            return null;
        }
        if (!startSema.tryLock()) {
            return null; // another thread is already collecting
        }
        try {
            if (!heap.pacer().heapTriggerReached(heap.stats().heapLive())) {
                return null;
            }
            return runLocked(roots, false);
        } finally {
            startSema.unlock();
        }
    }

    /**
     * Runs one full cycle, marking what {@code roots} names; {@code userForced} is Go's runtime.GC (endCycle keeps
     * the trigger ratio). Sweeping is left to proceed concurrently.
     *
     * @throws IllegalArgumentException naming the address when a root is not an allocated heap object; the cycle is
     *                                  then abandoned before mark termination with every mark undone, so the heap
     *                                  is as it was after sweep termination
     * @throws IllegalStateException    when called from inside a world section
     * @mirrors mgc.go:gcStart
     */
    public CycleStats collect(Roots roots, boolean userForced) {
        startSema.lock();
        try {
            return runLocked(roots, userForced);
        } finally {
            startSema.unlock();
        }
    }

    private CycleStats runLocked(Roots roots, boolean userForced) {
        World world = heap.world();
        GcPacer pacer = heap.pacer();
        long t0 = System.nanoTime();
        long heapLiveAtStart = heap.stats().heapLive();

        // Sweep termination: the previous cycle's sweep must be complete before marking (Go sweeps some before
        // stopping the world and the rest, in finishsweep_m, with it stopped).
        world.stop();
        long spansFinished;
        long tMark;
        long heapGoal;
        Set<MSpan> marked = Collections.newSetFromMap(new IdentityHashMap<>());
        long bytesMarked = 0;
        long scanWork = 0;
        try {
            spansFinished = heap.sweeper().sweepAll(SweepSource.FINISH);
            for (MCache c : heap.mcaches()) {
                if (c.flushGen() != heap.sweepgen()) {
                    throw new GoThrow("p mcache not flushed: flushGen " + c.flushGen() + " sweepgen "
                            + heap.sweepgen());
                }
            }
            heap.gcResetMarkState();
            heap.lock().lock(HeapLockSite.OTHER);
            try {
                pacer.controller().startCycle(heap.pacerView(), heapLiveAtStart, heap.config().gomaxprocs(), false);
                heapGoal = pacer.nextGC();
                pacer.setGcPhase(GcPhase.MARK);
                pacer.controller().setMarkStartTime(System.nanoTime());
            } finally {
                heap.lock().unlock();
            }
            tMark = System.nanoTime();

            // Mark.
            long[] totals = new long[3];
            try {
                roots.forEachLive(p -> {
                    MSpan s = heap.spanOfHeap(p);
                    if (s == null || s.isFree(s.objIndex(p))) {
                        throw new IllegalArgumentException("root 0x" + Long.toHexString(p)
                                + " is not an allocated heap object");
                    }
                    if (greyObject(s, s.objIndex(p))) {
                        marked.add(s);
                        totals[0] += s.elemsize;
                        totals[1]++;
                        if (!SpanClass.noscan(s.spanclass)) {
                            totals[2] += s.elemsize;
                        }
                    }
                });
            } catch (RuntimeException e) {
                undoMarks(marked);
                pacer.setGcPhase(GcPhase.OFF);
                throw e;
            }
            bytesMarked = totals[0];
            scanWork = totals[2];
            pacer.controller().addScanWork(scanWork);
            long tMarkTerm = System.nanoTime();

            // Mark termination, in Go's order.
            long heapLiveAtMarkEnd = heap.stats().heapLive();
            pacer.setGcPhase(GcPhase.MARK_TERMINATION);
            double nextTriggerRatio;
            long heapMarkedPrev;
            heap.lock().lock(HeapLockSite.OTHER);
            try {
                heapMarkedPrev = pacer.heapMarked();
                nextTriggerRatio = pacer.controller().endCycle(heap.pacerView(), userForced, System.nanoTime(),
                        heap.config().gomaxprocs());
                pacer.setHeapMarked(bytesMarked); // gcMark: after endCycle, which used the previous value
                heap.stats().heapLive.set(bytesMarked);
                heap.stats().heapScan.set(scanWork);
            } finally {
                heap.lock().unlock();
            }
            pacer.setGcPhase(GcPhase.OFF);
            heap.gcSweep(false);
            long nextGoal;
            long nextTrigger;
            double ratio;
            heap.lock().lock(HeapLockSite.OTHER);
            try {
                pacer.recordCycleEnd(heap.stats().heapInuse());
                pacer.gcSetTriggerRatio(nextTriggerRatio, heap.pacerView());
                heap.setScavengeGoal(pacer.scavengeGoal());
                nextGoal = pacer.nextGC();
                nextTrigger = pacer.gcTrigger();
                ratio = pacer.triggerRatio();
            } finally {
                heap.lock().unlock();
            }
            // forEachP(prepareForSweep): every cache hands back the spans it held, now stale.
            for (MCache c : heap.mcaches()) {
                c.prepareForSweep();
            }
            cycles++;
            long tEnd = System.nanoTime();
            CycleStats stats = new CycleStats(cycles, t0, tMark - t0, tMarkTerm - tMark, tEnd - tMarkTerm,
                    heapLiveAtStart, heapLiveAtMarkEnd, bytesMarked, heapGoal, nextGoal, nextTrigger, ratio, userForced,
                    totals[1], spansFinished, heapMarkedPrev, nextTriggerRatio);
            for (Consumer<CycleStats> l : listeners) {
                l.accept(stats);
            }
            return stats;
        } finally {
            world.start();
        }
    }

    /**
     * Marks object {@code idx} of {@code s}; on the first mark of an object, records the span in its arena's
     * pageMarks (an atomic OR, skipped when the bit is already set). Returns whether the object was newly marked.
     *
     * @mirrors mgcmark.go:greyobject
     */
    private boolean greyObject(MSpan s, int idx) {
        if (s.isMarked(idx)) {
            return false;
        }
        if (s.setMarked(idx)) {
            return false;
        }
        long base = s.base();
        HeapArena ha = heap.arenaOf(base);
        int byteIndex = heap.layout().pageByteIndex(base);
        byte mask = heap.layout().pageMask(base);
        if ((ha.bitmaps().pageMarks().load8(byteIndex) & mask) == 0) {
            ha.bitmaps().pageMarks().or8(byteIndex, mask);
        }
        return true;
    }

    /** Clears the marks of an abandoned mark phase. */
    private void undoMarks(Set<MSpan> marked) {
        for (MSpan s : marked) {
            s.gcmarkBits.reset(s.nelems);
        }
        heap.gcResetMarkState();
    }
}

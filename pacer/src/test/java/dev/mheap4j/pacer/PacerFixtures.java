package dev.mheap4j.pacer;

import java.util.concurrent.locks.ReentrantLock;

/** Shared helpers: pacers in known states and a full snapshot of their state for before/after comparisons. */
final class PacerFixtures {

    static final long MIB = 1L << 20;

    private PacerFixtures() {
    }

    /** A pacer after gcinit with the given GOGC and clamp, with a swept, empty heap. */
    static GcPacer pacer(String gogc, TriggerClamp clamp) {
        return GcPacer.gcinit(gogc, clamp, GcPacer.DEFAULT_PHYS_PAGE_SIZE, new ReentrantLock(), HeapSnapshot.swept(0));
    }

    /** Everything a pacer holds, read under its lock. */
    record State(int gcpercent, long heapMinimum, double triggerRatio, long heapMarked, long nextGC, long gcTrigger,
                 long lastNextGC, long lastHeapInuse, long scavengeGoal, GcPhase phase, double sweepPagesPerByte,
                 long sweepHeapLiveBasis, long pagesSweptBasis, long pagesSwept, double assistWorkPerByte,
                 double assistBytesPerWork, double fractionalUtilizationGoal, long dedicatedMarkWorkersNeeded,
                 long scanWork, long assistTime, long markStartTime) {

        static State of(GcPacer p) {
            p.heapLock().lock();
            try {
                SweepPacing s = p.sweepPacing();
                GcControllerState c = p.controller();
                return new State(p.gcPercent(), p.heapMinimum(), p.triggerRatio(), p.heapMarked(), p.nextGC(),
                        p.gcTrigger(), p.lastNextGC(), p.lastHeapInuse(), p.scavengeGoal(), p.gcPhase(),
                        s.sweepPagesPerByte(), s.sweepHeapLiveBasis(), s.pagesSweptBasis(), s.pagesSwept(),
                        c.assistWorkPerByte(), c.assistBytesPerWork(), c.fractionalUtilizationGoal(),
                        c.dedicatedMarkWorkersNeeded(), c.scanWork(), c.assistTime(), c.markStartTime());
            } finally {
                p.heapLock().unlock();
            }
        }
    }

    /** Runs {@code action} with the pacer's heap lock held. */
    static void locked(GcPacer p, Runnable action) {
        p.heapLock().lock();
        try {
            action.run();
        } finally {
            p.heapLock().unlock();
        }
    }
}

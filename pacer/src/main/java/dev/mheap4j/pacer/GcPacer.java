package dev.mheap4j.pacer;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Go's GC pacing state and the functions that set it: GOGC, the heap minimum, the trigger ratio, the heap goal
 * ({@code next_gc}), the GC trigger ({@code gc_trigger}), the sweep pacing line and the scavenger's goal.
 *
 * <p>In Go these are package globals ({@code gcpercent}, {@code heapminimum}) and {@code memstats} fields, "protected
 * by mheap or stopping the world". Java has no stop-the-world, so every writer holds the heap lock given to the
 * constructor, including callers that are STW in Go (mark termination); methods that need it say so and assert it.
 * Fields that Go reads without the lock are volatile.
 *
 * <p>Unsigned values: {@code next_gc}, {@code gc_trigger}, {@code heapminimum} and {@code scavengeGoal} are Go
 * uint64s held in {@code long}s (see {@link Uint64}); "never" ({@code ^uint64(0)}) is {@link #NEVER}, i.e. {@code -1L},
 * which compares as the largest value under {@link Long#compareUnsigned}. Heap byte counts coming in (heap_live,
 * heap_marked, ...) must be non-negative {@code long}s, i.e. below 2<sup>63</sup>.
 *
 * <p>Inputs from the heap arrive through {@link HeapStats}; the sweep pacing line this class draws is
 * {@link #sweepPacing()}, shared with the sweeper; the mark-phase controller is {@link #controller()}.
 *
 * @mirrors mgc.go:gcSetTriggerRatio the state it maintains
 */
public final class GcPacer {

    /** Go's {@code ^uint64(0)}: a goal or trigger that is never reached (GC off, or scavenging disabled). */
    public static final long NEVER = Uint64.MAX;

    /**
     * The heap minimum at GOGC=100: 4 MiB.
     *
     * @mirrors mgc.go:defaultHeapMinimum
     */
    public static final long DEFAULT_HEAP_MINIMUM = 4L << 20;

    /**
     * Heap growth reserved for concurrent sweeping between cycles, and the margin taken off the sweep distance.
     *
     * @mirrors mgc.go:sweepMinHeapDistance
     */
    public static final long SWEEP_MIN_HEAP_DISTANCE = 1L << 20;

    /**
     * Go's runtime page size on linux/amd64, the floor of the sweep heap distance.
     *
     * @mirrors malloc.go:_PageSize
     */
    public static final long PAGE_SIZE = 8192;

    /**
     * The trigger ratio gcinit starts with: 7/8.
     *
     * @mirrors mgc.go:gcinit the initial memstats.triggerRatio
     */
    public static final double INITIAL_TRIGGER_RATIO = 7 / 8.0;

    /** Physical page size on linux/amd64, the default for the scavenger goal's rounding. */
    public static final long DEFAULT_PHYS_PAGE_SIZE = 4096;

    private final TriggerClamp clamp;
    private final long physPageSize;
    private final ReentrantLock heapLock;
    private final SweepPacing sweep = new SweepPacing();
    private final GcControllerState controller;

    /**
     * GOGC; -1 means off.
     * Writer: {@link #setGCPercent} (heap lock). Readers: gcSetTriggerRatio and revise (heap lock); GC trigger tests
     * and debug readers without the lock. Sync: volatile.
     *
     * @mirrors mgc.go:gcpercent
     */
    private volatile int gcpercent;

    /**
     * The heap size below which no cycle triggers: 4 MiB x GOGC/100 (wraps when GOGC is off, unused then).
     * Writer: {@link #setGCPercent} (heap lock). Reader: gcSetTriggerRatio (heap lock). Sync: heap lock.
     *
     * @mirrors mgc.go:heapminimum
     */
    @GuardedBy("heapLock")
    private long heapminimum = DEFAULT_HEAP_MINIMUM;

    /**
     * Heap growth over heap_marked at which the next cycle starts, after clamping.
     * Writers: gcinit, gcSetTriggerRatio (heap lock). Readers: setGCPercent, endCycle (heap lock). Sync: heap lock.
     *
     * @mirrors mstats.go:mstats.triggerRatio
     */
    @GuardedBy("heapLock")
    private double triggerRatio;

    /**
     * Bytes marked by the last cycle (faked at start-up).
     * Writers: gcinit, {@link #setHeapMarked} (Go's gcMark, STW; here the heap lock). Readers: gcSetTriggerRatio,
     * endCycle (heap lock). Sync: heap lock.
     *
     * @mirrors mstats.go:mstats.heap_marked
     */
    @GuardedBy("heapLock")
    private long heapMarked;

    /**
     * The heap goal (uint64; {@link #NEVER} when GC is off).
     * Writers: gcSetTriggerRatio, startCycle (heap lock). Readers: revise, endCycle, scavenger pacing (heap lock);
     * statistics readers without the lock. Sync: volatile, written under the heap lock.
     *
     * @mirrors mstats.go:mstats.next_gc
     */
    private volatile long nextGC;

    /**
     * heap_live at which the next cycle starts (uint64; {@link #NEVER} when GC is off).
     * Writer: gcSetTriggerRatio (heap lock). Readers: the allocator's trigger test, without the lock (Go documents
     * that plain read as benign); endCycle's trace. Sync: volatile, written under the heap lock.
     *
     * @mirrors mstats.go:mstats.gc_trigger
     */
    private volatile long gcTrigger;

    /**
     * next_gc of the previous cycle; 0 until the first cycle ends.
     * Writer: {@link #recordCycleEnd} (Go's gcMarkTermination, STW; here the heap lock). Reader: scavenger pacing
     * (heap lock). Sync: heap lock.
     *
     * @mirrors mstats.go:mstats.last_next_gc
     */
    @GuardedBy("heapLock")
    private long lastNextGC;

    /**
     * heap_inuse at the previous mark termination.
     * Writer: {@link #recordCycleEnd} (heap lock). Reader: scavenger pacing (heap lock). Sync: heap lock.
     *
     * @mirrors mstats.go:mstats.last_heap_inuse
     */
    @GuardedBy("heapLock")
    private long lastHeapInuse;

    /**
     * The retained heap the background scavenger works down to; {@link #NEVER} disables it.
     * Writer: gcPaceScavenger (heap lock). Readers: the heap's grow path and the scavenger (heap lock). Sync: heap
     * lock.
     *
     * @mirrors mheap.go:mheap.scavengeGoal
     */
    @GuardedBy("heapLock")
    private long scavengeGoal = NEVER;

    /**
     * The GC phase, for deciding whether a trigger change must revise assist ratios.
     * Writer: the GC cycle driver through {@link #setGcPhase} (Go: atomic store, at STW). Readers: gcSetTriggerRatio
     * (heap lock). Sync: volatile.
     *
     * @mirrors mgc.go:gcphase
     */
    private volatile GcPhase gcphase = GcPhase.OFF;

    private GcPacer(TriggerClamp clamp, long physPageSize, ReentrantLock heapLock) {
        this.clamp = Objects.requireNonNull(clamp, "clamp");
        this.physPageSize = ScavengePacing.checkPhysPageSize(physPageSize);
        this.heapLock = Objects.requireNonNull(heapLock, "heapLock");
        this.controller = new GcControllerState(this);
    }

    /**
     * Start-up pacing, as at seed: the trigger ratio 7/8, a heap_marked faked from the DEFAULT 4 MiB heap minimum
     * ({@code uint64(4 MiB / 1.875)} = 2,236,962) so the first trigger falls at the heap minimum, then
     * {@code setGCPercent(readgogc())}. Go also marks sweeping done at this point; the heap must report
     * {@link HeapStats#isSweepDone()} true before its first cycle.
     *
     * @param gogc         the GOGC environment text (null when unset); never an error, see {@link Gogc}
     * @param clamp        which trigger clamp rule to use
     * @param physPageSize the physical page size, a power of two
     * @param heapLock     the heap's lock; every state change happens with it held
     * @param heap         the heap's statistics
     * @throws IllegalArgumentException if {@code physPageSize} is not a positive power of two or a heap reading is
     *                                  negative
     * @mirrors mgc.go:gcinit
     */
    public static GcPacer gcinit(String gogc, TriggerClamp clamp, long physPageSize, ReentrantLock heapLock,
                                 HeapStats heap) {
        GcPacer p = new GcPacer(clamp, physPageSize, heapLock);
        heapLock.lock();
        try {
            p.triggerRatio = INITIAL_TRIGGER_RATIO;
            p.heapMarked = Uint64.fromFloat64(Uint64.toFloat64(p.heapminimum) / (1 + p.triggerRatio));
        } finally {
            heapLock.unlock();
        }
        p.setGCPercent(Gogc.readgogc(gogc), heap);
        return p;
    }

    /** {@link #gcinit(String, TriggerClamp, long, ReentrantLock, HeapStats)} with the seed's clamp, 4 KiB pages and a
     * lock of its own. */
    public static GcPacer gcinit(String gogc, HeapStats heap) {
        return gcinit(gogc, TriggerClamp.SEED, DEFAULT_PHYS_PAGE_SIZE, new ReentrantLock(), heap);
    }

    /**
     * Sets GOGC, returning the previous value. Takes the heap lock. Negative means off and is stored as -1; the heap
     * minimum becomes {@code 4 MiB * uint64(gcpercent) / 100} (uint64 arithmetic, so GOGC off gives a wrapped value
     * Go never uses); the trigger and goal are recomputed with the current trigger ratio. (Go then wakes the
     * scavenger and, when turning GC off, waits for a running mark phase to end; both are the heap's business.)
     *
     * @param in  the new GOGC
     * @param heap the heap's statistics, for the recomputation
     * @throws IllegalArgumentException if a heap reading is negative; nothing changes then
     * @mirrors mgc.go:setGCPercent
     */
    public int setGCPercent(int in, HeapStats heap) {
        heapLock.lock();
        try {
            int percent = in < 0 ? Gogc.OFF : in;
            long minimum = Long.divideUnsigned(DEFAULT_HEAP_MINIMUM * (long) percent, 100);
            Decision d = decide(triggerRatio, percent, minimum, heapMarked, heap); // throws before any write
            int out = gcpercent;
            gcpercent = percent;
            heapminimum = minimum;
            commit(d);
            return out;
        } finally {
            heapLock.unlock();
        }
    }

    /**
     * Sets the trigger ratio and everything derived from it: the heap goal, the absolute trigger, mark pacing (when
     * a cycle is running), sweep pacing and the scavenger goal. The heap lock must be held.
     *
     * <ol>
     *   <li>Goal: {@code heap_marked + heap_marked*GOGC/100} (uint64, multiply first), or {@link #NEVER} when off.</li>
     *   <li>Clamp the ratio with this pacer's {@link TriggerClamp}; store it.</li>
     *   <li>Trigger: {@code uint64(heap_marked * (1 + ratio))}, raised to the heap minimum and, while sweeping is
     *       unfinished, to heap_live + 1 MiB; a trigger with the top bit set is Go's "gc_trigger underflow" throw;
     *       a trigger above the goal raises the goal to it. {@link #NEVER} when off.</li>
     *   <li>Commit trigger and goal; revise the controller unless the phase is {@link GcPhase#OFF}.</li>
     *   <li>Sweep pacing: slope 0 when sweeping is done; otherwise heap distance = trigger - heap_live - 1 MiB
     *       (at least one page), page distance = pagesInUse - pagesSwept; slope 0 if no pages remain, otherwise
     *       pages/bytes with the basis (heap_live, pagesSwept) published last.</li>
     *   <li>Scavenger goal.</li>
     * </ol>
     *
     * @param requestedRatio the new trigger ratio, before clamping
     * @param heap           the heap's statistics: heap_live, pagesInUse, isSweepDone, heap_scan (for revise),
     *                       heapRetained (for the scavenger)
     * @throws IllegalArgumentException if {@code requestedRatio} is NaN or infinite, or a heap reading is negative;
     *                                  nothing changes then
     * @throws IllegalStateException    Go's "gc_trigger underflow": the computed trigger does not fit in an int64;
     *                                  nothing changes then
     * @mirrors mgc.go:gcSetTriggerRatio
     */
    public void gcSetTriggerRatio(double requestedRatio, HeapStats heap) {
        assert heapLock.isHeldByCurrentThread() : "gcSetTriggerRatio needs the heap lock";
        if (!Double.isFinite(requestedRatio)) {
            throw new IllegalArgumentException("triggerRatio must be finite: " + requestedRatio);
        }
        commit(decide(requestedRatio, gcpercent, heapminimum, heapMarked, heap));
    }

    /** Everything gcSetTriggerRatio will write, computed before any of it is written. */
    private record Decision(double requestedRatio, double triggerRatio, long goal, long trigger, GcPhase phase,
                            GcControllerState.Revision revision, boolean sweepDone, double sweepPagesPerByte,
                            long sweepHeapLiveBasis, long pagesSweptBasis, long scavengeGoal) {
    }

    @GuardedBy("heapLock")
    private Decision decide(double requestedRatio, int percent, long minimum, long marked, HeapStats heap) {
        // Read every input once, and reject bad ones, before anything is written.
        long heapLive = SweepDebt.checkNonNegative("heap_live", heap.heapLive());
        boolean sweepDone = heap.isSweepDone();
        long pagesInUse = SweepDebt.checkNonNegative("pagesInUse", heap.pagesInUse());
        long pagesSwept = sweep.pagesSwept();
        long heapRetained = SweepDebt.checkNonNegative("heapRetained", heap.heapRetained());
        GcPhase phase = gcphase;
        long heapScan = phase != GcPhase.OFF ? SweepDebt.checkNonNegative("heap_scan", heap.heapScan()) : 0;

        long goal = NEVER;
        if (percent >= 0) {
            goal = marked + Long.divideUnsigned(marked * (long) percent, 100);
        }

        double ratio = clamp.clamp(requestedRatio, percent);

        long trigger = NEVER;
        if (percent >= 0) {
            trigger = Uint64.fromFloat64(Uint64.toFloat64(marked) * (1 + ratio));
            long minTrigger = minimum;
            if (!sweepDone) {
                long sweepMin = heapLive + SWEEP_MIN_HEAP_DISTANCE;
                if (Uint64.greaterThan(sweepMin, minTrigger)) {
                    minTrigger = sweepMin;
                }
            }
            if (Uint64.lessThan(trigger, minTrigger)) {
                trigger = minTrigger;
            }
            if (trigger < 0) {
                throw new IllegalStateException("gc_trigger underflow: trigger=" + Uint64.toString(trigger)
                        + " heap_marked=" + marked + " heap_live=" + heapLive + " triggerRatio=" + ratio
                        + " minTrigger=" + Uint64.toString(minTrigger));
            }
            if (Uint64.greaterThan(trigger, goal)) {
                goal = trigger;
            }
        }

        GcControllerState.Revision revision = phase != GcPhase.OFF
                ? controller.computeRevision(percent, heapLive, heapScan, goal)
                : null;

        double slope = 0;
        long liveBasis = 0;
        long sweptBasis = 0;
        if (!sweepDone) {
            long heapDistance = trigger - heapLive; // int64(trigger) - int64(heapLiveBasis)
            heapDistance -= SWEEP_MIN_HEAP_DISTANCE;
            if (heapDistance < PAGE_SIZE) {
                heapDistance = PAGE_SIZE;
            }
            long sweepDistancePages = pagesInUse - pagesSwept;
            if (sweepDistancePages > 0) {
                slope = (double) sweepDistancePages / (double) heapDistance;
                liveBasis = heapLive;
                sweptBasis = pagesSwept;
            }
        }

        long scavenge = ScavengePacing.scavengeGoal(lastHeapInuse, goal, lastNextGC, heapRetained, physPageSize);
        return new Decision(requestedRatio, ratio, goal, trigger, phase, revision, sweepDone, slope, liveBasis,
                sweptBasis, scavenge);
    }

    @GuardedBy("heapLock")
    private void commit(Decision d) {
        triggerRatio = d.triggerRatio();
        gcTrigger = d.trigger();
        nextGC = d.goal();
        if (d.revision() != null) {
            controller.apply(d.revision());
        }
        if (d.sweepPagesPerByte() == 0) {
            sweep.disableProportionalSweep(); // the basis stays as it was, as in Go
        } else {
            sweep.publish(d.sweepPagesPerByte(), d.sweepHeapLiveBasis(), d.pagesSweptBasis());
        }
        scavengeGoal = d.scavengeGoal();
        if (PacerTrace.debugEnabled()) {
            PacerTrace.emitDebug(PacerTrace.triggerLine(gcpercent, clamp, d.requestedRatio(), d.triggerRatio(),
                    heapMarked, d.goal(), d.trigger(), d.sweepPagesPerByte()));
        }
    }

    /**
     * Records the bytes marked by the cycle that just finished, which is the next cycle's heap_marked. Go does this
     * in gcMark after endCycle has run (endCycle needs the previous value) and before the new trigger is set. The
     * heap lock must be held.
     *
     * @throws IllegalArgumentException if {@code bytesMarked} is negative
     * @mirrors mgc.go:gcMark the heap_marked write
     */
    public void setHeapMarked(long bytesMarked) {
        assert heapLock.isHeldByCurrentThread() : "setHeapMarked needs the heap lock";
        heapMarked = SweepDebt.checkNonNegative("bytesMarked", bytesMarked);
    }

    /**
     * Remembers this cycle's goal and in-use heap for the scavenger: {@code last_next_gc = next_gc},
     * {@code last_heap_inuse = heapInuse}. Go does this in gcMarkTermination just before setting the new trigger
     * ratio. The heap lock must be held.
     *
     * @param heapInuse {@code memstats.heap_inuse} now
     * @throws IllegalArgumentException if {@code heapInuse} is negative
     * @mirrors mgc.go:gcMarkTermination the last_next_gc and last_heap_inuse writes
     */
    public void recordCycleEnd(long heapInuse) {
        assert heapLock.isHeldByCurrentThread() : "recordCycleEnd needs the heap lock";
        SweepDebt.checkNonNegative("heap_inuse", heapInuse);
        lastNextGC = nextGC;
        lastHeapInuse = heapInuse;
    }

    /**
     * The goal's actual growth over heap_marked, {@code (next_gc - heap_marked) / heap_marked} (uint64 subtraction),
     * floored at 0. It differs from GOGC/100 when the heap minimum or the sweep minimum raised the goal. The heap
     * lock must be held.
     *
     * @mirrors mgc.go:gcEffectiveGrowthRatio
     */
    public double gcEffectiveGrowthRatio() {
        assert heapLock.isHeldByCurrentThread() : "gcEffectiveGrowthRatio needs the heap lock";
        double egogc = Uint64.toFloat64(nextGC - heapMarked) / Uint64.toFloat64(heapMarked);
        return egogc < 0 ? 0 : egogc;
    }

    /**
     * Whether an allocation that brought heap_live to {@code heapLive} should start a cycle: no cycle is running
     * and {@code heap_live >= gc_trigger} (unsigned, so never when GC is off). Lock-free, like Go's. (Go also
     * answers false before GC is enabled and while panicking; those are the heap's to check.)
     *
     * @mirrors mgc.go:gcTrigger.test the gcTriggerHeap case
     */
    public boolean heapTriggerReached(long heapLive) {
        return gcphase == GcPhase.OFF && !Uint64.lessThan(heapLive, gcTrigger);
    }

    /**
     * Sets the GC phase (the cycle driver calls this at the phase changes). Volatile store.
     *
     * @mirrors mgc.go:setGCPhase the gcphase store only; write barriers are not modelled
     */
    public void setGcPhase(GcPhase phase) {
        gcphase = Objects.requireNonNull(phase, "phase");
    }

    /** The GC phase (volatile load). */
    public GcPhase gcPhase() {
        return gcphase;
    }

    /** GOGC; -1 when off (volatile load). */
    public int gcPercent() {
        return gcpercent;
    }

    /** The heap minimum (uint64); read with the heap lock held. */
    public long heapMinimum() {
        assert heapLock.isHeldByCurrentThread() : "heapMinimum needs the heap lock";
        return heapminimum;
    }

    /** The clamped trigger ratio; read with the heap lock held. */
    public double triggerRatio() {
        assert heapLock.isHeldByCurrentThread() : "triggerRatio needs the heap lock";
        return triggerRatio;
    }

    /** heap_marked; read with the heap lock held. */
    public long heapMarked() {
        assert heapLock.isHeldByCurrentThread() : "heapMarked needs the heap lock";
        return heapMarked;
    }

    /** The heap goal next_gc (uint64, {@link #NEVER} when off); volatile load. */
    public long nextGC() {
        return nextGC;
    }

    /** The trigger gc_trigger (uint64, {@link #NEVER} when off); volatile load. */
    public long gcTrigger() {
        return gcTrigger;
    }

    /** last_next_gc; read with the heap lock held. */
    public long lastNextGC() {
        assert heapLock.isHeldByCurrentThread() : "lastNextGC needs the heap lock";
        return lastNextGC;
    }

    /** last_heap_inuse; read with the heap lock held. */
    public long lastHeapInuse() {
        assert heapLock.isHeldByCurrentThread() : "lastHeapInuse needs the heap lock";
        return lastHeapInuse;
    }

    /** The scavenger's retained-heap goal ({@link #NEVER}: do not scavenge); read with the heap lock held. */
    public long scavengeGoal() {
        assert heapLock.isHeldByCurrentThread() : "scavengeGoal needs the heap lock";
        return scavengeGoal;
    }

    /** The sweep pacing line shared with the sweeper. */
    public SweepPacing sweepPacing() {
        return sweep;
    }

    /** The mark-phase controller. */
    public GcControllerState controller() {
        return controller;
    }

    /** The clamp rule in use. */
    public TriggerClamp triggerClamp() {
        return clamp;
    }

    /** The physical page size used to round the scavenger goal. */
    public long physPageSize() {
        return physPageSize;
    }

    /** The heap lock this pacer's state is guarded by. */
    public ReentrantLock heapLock() {
        return heapLock;
    }

    /** Sets next_gc; controller's startCycle raises it (heap lock held). */
    @GuardedBy("heapLock")
    void raiseNextGC(long goal) {
        nextGC = goal;
    }
}

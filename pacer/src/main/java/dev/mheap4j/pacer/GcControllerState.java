package dev.mheap4j.pacer;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The mark-phase pacing controller: at the start of a cycle it splits the 25% background marking budget into
 * dedicated and fractional workers and sets the mutator assist ratio; during the cycle it revises that ratio; at
 * the end it computes the next trigger ratio from how the cycle went (the 2015 pacer design,
 * https://golang.org/s/go15gcpacing).
 *
 * <p>Time is a parameter: mark start time, assist and worker times and "now" are nanoseconds supplied by the
 * caller, so a simulation can drive the controller. All fields are used within one cycle. The controller belongs to
 * a {@link GcPacer} and shares its heap lock; methods that read or write pacer state need it held (Go: worldsema or
 * STW for startCycle, STW or the heap lock for revise).
 *
 * @mirrors mgc.go:gcControllerState
 */
public final class GcControllerState {

    /**
     * Goal CPU utilization of marking, background plus assists, as a fraction of GOMAXPROCS.
     *
     * @mirrors mgc.go:gcGoalUtilization
     */
    public static final double GC_GOAL_UTILIZATION = 0.30;

    /**
     * CPU utilization of background mark workers, as a fraction of GOMAXPROCS; assists make up the rest of the goal.
     *
     * @mirrors mgc.go:gcBackgroundUtilization
     */
    public static final double GC_BACKGROUND_UTILIZATION = 0.25;

    /**
     * Proportional gain of the trigger controller, in [0, 1].
     *
     * @mirrors mgc.go:(*gcControllerState).endCycle triggerGain
     */
    static final double TRIGGER_GAIN = 0.5;

    /**
     * How far above next_gc the hard goal lies (10%).
     *
     * @mirrors mgc.go:(*gcControllerState).revise maxOvershoot
     */
    static final double MAX_OVERSHOOT = 1.1;

    /**
     * Largest tolerated relative error of the dedicated-worker rounding before fractional workers are used.
     *
     * @mirrors mgc.go:(*gcControllerState).startCycle maxUtilError
     */
    static final double MAX_UTIL_ERROR = 0.3;

    /** Lower bound of the remaining scan work estimate in revise. */
    static final long MIN_SCAN_WORK_REMAINING = 1000;

    /** The heap goal is kept at least this far above heap_live when a cycle starts. */
    static final long MIN_GOAL_HEADROOM = 1L << 20;

    /** GOGC that revise assumes when GC is off but a forced cycle runs. */
    static final int GC_OFF_REVISE_PERCENT = 100000;

    private final GcPacer pacer;

    /**
     * Scan work done this cycle (bytes scanned). Writers: mark workers and assists, atomic adds in batches
     * ({@link #addScanWork}); startCycle resets it. Readers: revise, endCycle (heap lock). Sync: atomic.
     *
     * @mirrors mgc.go:gcControllerState.scanWork
     */
    private final AtomicLong scanWork = new AtomicLong();

    /**
     * Scan credit banked by background marking and stolen by assists. Writers/readers: mark workers and assists,
     * atomically ({@link #addBgScanCredit}); startCycle resets it. Sync: atomic.
     *
     * @mirrors mgc.go:gcControllerState.bgScanCredit
     */
    private final AtomicLong bgScanCredit = new AtomicLong();

    /**
     * Nanoseconds spent in mutator assists this cycle. Writers: assists, atomic adds ({@link #addAssistTime});
     * startCycle resets it. Reader: endCycle (heap lock). Sync: atomic.
     *
     * @mirrors mgc.go:gcControllerState.assistTime
     */
    private final AtomicLong assistTime = new AtomicLong();

    /**
     * Nanoseconds in dedicated mark workers this cycle. Writers: workers at the end of mark (atomic); startCycle
     * resets it. Readers: statistics. Sync: atomic.
     *
     * @mirrors mgc.go:gcControllerState.dedicatedMarkTime
     */
    private final AtomicLong dedicatedMarkTime = new AtomicLong();

    /**
     * Nanoseconds in the fractional worker this cycle. Writers: the worker (atomic); startCycle resets it. Readers:
     * statistics. Sync: atomic.
     *
     * @mirrors mgc.go:gcControllerState.fractionalMarkTime
     */
    private final AtomicLong fractionalMarkTime = new AtomicLong();

    /**
     * Nanoseconds in idle mark workers this cycle. Writers: the workers (atomic); startCycle resets it. Readers:
     * statistics. Sync: atomic.
     *
     * @mirrors mgc.go:gcControllerState.idleMarkTime
     */
    private final AtomicLong idleMarkTime = new AtomicLong();

    /**
     * Absolute time (ns) at which assists and background workers started. Writer: the cycle driver at the start of
     * mark ({@link #setMarkStartTime}; Go: gcStart with the world stopped). Readers: endCycle (heap lock) and
     * worker scheduling, without the lock. Sync: volatile.
     *
     * @mirrors mgc.go:gcControllerState.markStartTime
     */
    private volatile long markStartTime;

    /**
     * Dedicated mark workers still to start this cycle. Writer: startCycle (heap lock); the scheduler decrements it
     * atomically as it starts workers ({@link #tryClaimDedicatedWorker}). Sync: atomic.
     *
     * @mirrors mgc.go:gcControllerState.dedicatedMarkWorkersNeeded
     */
    private final AtomicLong dedicatedMarkWorkersNeeded = new AtomicLong();

    /**
     * Scan work assists must do per byte allocated. Writer: revise (heap lock). Readers: assists, without the lock.
     * Sync: volatile.
     *
     * @mirrors mgc.go:gcControllerState.assistWorkPerByte
     */
    private volatile double assistWorkPerByte;

    /**
     * 1 / assistWorkPerByte. Writer: revise (heap lock). Readers: assists and background credit, without the lock.
     * Sync: volatile.
     *
     * @mirrors mgc.go:gcControllerState.assistBytesPerWork
     */
    private volatile double assistBytesPerWork;

    /**
     * Fraction of wall time each P without a dedicated worker should spend in the fractional worker; 0 means no
     * fractional worker. Writer: startCycle (heap lock). Readers: the scheduler, without the lock. Sync: volatile.
     *
     * @mirrors mgc.go:gcControllerState.fractionalUtilizationGoal
     */
    private volatile double fractionalUtilizationGoal;

    GcControllerState(GcPacer pacer) {
        this.pacer = Objects.requireNonNull(pacer, "pacer");
    }

    /**
     * Resets the per-cycle counters and computes the cycle's estimates. The heap lock must be held.
     *
     * <ul>
     *   <li>next_gc is raised to at least heap_live + 1 MiB (assists are proportional to the remaining distance);</li>
     *   <li>dedicated workers = round(GOMAXPROCS x 0.25); if that is more than 30% off the goal (GOMAXPROCS &lt;= 3
     *       or 6), one fewer when rounding went up, and a fractional goal makes up the rest per P;</li>
     *   <li>in stop-the-world debug mode every P gets a dedicated worker and there is no fractional one;</li>
     *   <li>revise; trace line.</li>
     * </ul>
     * (Go also clears per-P assist and fractional times; per-P state belongs to the scheduler.)
     *
     * @param heap              the heap's statistics (heap_live, heap_scan)
     * @param initialHeapLive   heap_live when the cycle was triggered ({@code work.initialHeapLive}), for the trace
     * @param gomaxprocs        GOMAXPROCS, &gt;= 1
     * @param stopTheWorldDebug Go's {@code GODEBUG=gcstoptheworld} &gt; 0
     * @throws IllegalArgumentException if {@code gomaxprocs < 1} or a heap reading is negative; nothing changes then
     * @mirrors mgc.go:(*gcControllerState).startCycle
     */
    public void startCycle(HeapStats heap, long initialHeapLive, int gomaxprocs, boolean stopTheWorldDebug) {
        assert pacer.heapLock().isHeldByCurrentThread() : "startCycle needs the heap lock";
        if (gomaxprocs < 1) {
            throw new IllegalArgumentException("gomaxprocs must be >= 1: " + gomaxprocs);
        }
        SweepDebt.checkNonNegative("initialHeapLive", initialHeapLive);
        long heapLive = SweepDebt.checkNonNegative("heap_live", heap.heapLive());
        long heapScan = SweepDebt.checkNonNegative("heap_scan", heap.heapScan());

        scanWork.set(0);
        bgScanCredit.set(0);
        assistTime.set(0);
        dedicatedMarkTime.set(0);
        fractionalMarkTime.set(0);
        idleMarkTime.set(0);

        long floor = heapLive + MIN_GOAL_HEADROOM;
        if (Uint64.lessThan(pacer.nextGC(), floor)) {
            pacer.raiseNextGC(floor);
        }

        WorkerSplit split = WorkerSplit.of(gomaxprocs, stopTheWorldDebug);
        dedicatedMarkWorkersNeeded.set(split.dedicated());
        fractionalUtilizationGoal = split.fractionalUtilizationGoal();

        apply(computeRevision(pacer.gcPercent(), heapLive, heapScan, pacer.nextGC()));

        if (PacerTrace.enabled()) {
            PacerTrace.emit(PacerTrace.assistRatioLine(assistWorkPerByte, heapScan, initialHeapLive, pacer.nextGC(),
                    split.dedicated(), split.fractionalUtilizationGoal()));
        }
    }

    /** {@link #startCycle(HeapStats, long, int, boolean)} with heap_live as the initial heap and no STW mode. */
    public void startCycle(HeapStats heap, int gomaxprocs) {
        startCycle(heap, heap.heapLive(), gomaxprocs, false);
    }

    /**
     * The split of the background marking budget into workers.
     *
     * @param dedicated                 dedicated mark workers to run
     * @param fractionalUtilizationGoal per-P time fraction of the fractional worker (0: none)
     * @mirrors mgc.go:(*gcControllerState).startCycle the worker computation
     */
    public record WorkerSplit(long dedicated, double fractionalUtilizationGoal) {

        /**
         * Computes the split for {@code gomaxprocs} Ps as startCycle does.
         *
         * @throws IllegalArgumentException if {@code gomaxprocs < 1}
         */
        public static WorkerSplit of(int gomaxprocs, boolean stopTheWorldDebug) {
            if (gomaxprocs < 1) {
                throw new IllegalArgumentException("gomaxprocs must be >= 1: " + gomaxprocs);
            }
            double totalUtilizationGoal = gomaxprocs * GC_BACKGROUND_UTILIZATION;
            long dedicated = Uint64.int64FromFloat64(totalUtilizationGoal + 0.5);
            double utilError = dedicated / totalUtilizationGoal - 1;
            double fractional = 0;
            if (utilError < -MAX_UTIL_ERROR || utilError > MAX_UTIL_ERROR) {
                if (dedicated > totalUtilizationGoal) {
                    dedicated--;
                }
                fractional = (totalUtilizationGoal - dedicated) / gomaxprocs;
            }
            if (stopTheWorldDebug) {
                dedicated = gomaxprocs;
                fractional = 0;
            }
            return new WorkerSplit(dedicated, fractional);
        }
    }

    /**
     * Recomputes the assist ratio from heap_live, heap_scan and the scan work done so far. The heap lock must be
     * held; Go calls this only while a cycle is marking (gcSetTriggerRatio does so itself when the phase is not
     * off).
     *
     * @throws IllegalArgumentException if a heap reading is negative; nothing changes then
     * @mirrors mgc.go:(*gcControllerState).revise
     */
    public void revise(HeapStats heap) {
        assert pacer.heapLock().isHeldByCurrentThread() : "revise needs the heap lock";
        long heapLive = SweepDebt.checkNonNegative("heap_live", heap.heapLive());
        long heapScan = SweepDebt.checkNonNegative("heap_scan", heap.heapScan());
        apply(computeRevision(pacer.gcPercent(), heapLive, heapScan, pacer.nextGC()));
    }

    /**
     * The two assist ratios revise sets.
     *
     * @param assistWorkPerByte  scan work per allocated byte
     * @param assistBytesPerWork its reciprocal
     */
    record Revision(double assistWorkPerByte, double assistBytesPerWork) {
    }

    /**
     * revise's arithmetic: soft regime aims for next_gc with scan work heap_scan x 100/(100+GOGC); past next_gc, or
     * once scan work exceeded that estimate, the hard regime aims for 1.1 x next_gc with all of heap_scan. Remaining
     * work is at least 1000, remaining heap at least 1 byte. GOGC off counts as 100000.
     */
    Revision computeRevision(int gcpercent, long heapLive, long heapScan, long nextGC) {
        int percent = gcpercent < 0 ? GC_OFF_REVISE_PERCENT : gcpercent;
        long work = scanWork.get();
        long heapGoal = nextGC; // int64(next_gc): NEVER reads as -1, as in Go
        // int32 addition, wrapping like Go's for huge GOGC.
        long scanWorkExpected = Uint64.int64FromFloat64(
                Uint64.toFloat64(heapScan) * 100 / (double) (100 + percent));
        if (Uint64.greaterThan(heapLive, nextGC) || work > scanWorkExpected) {
            heapGoal = Uint64.int64FromFloat64(Uint64.toFloat64(nextGC) * MAX_OVERSHOOT);
            scanWorkExpected = heapScan;
        }
        long scanWorkRemaining = scanWorkExpected - work;
        if (scanWorkRemaining < MIN_SCAN_WORK_REMAINING) {
            scanWorkRemaining = MIN_SCAN_WORK_REMAINING;
        }
        long heapRemaining = heapGoal - heapLive;
        if (heapRemaining <= 0) {
            heapRemaining = 1;
        }
        return new Revision((double) scanWorkRemaining / (double) heapRemaining,
                (double) heapRemaining / (double) scanWorkRemaining);
    }

    void apply(Revision r) {
        assistWorkPerByte = r.assistWorkPerByte();
        assistBytesPerWork = r.assistBytesPerWork();
    }

    /**
     * The trigger ratio for the next cycle; does not change any state. The heap lock must be held, and heap_marked
     * must still be the previous cycle's (call before {@link GcPacer#setHeapMarked}).
     *
     * <p>A user-forced cycle did not start at the trigger, so it says nothing about the trigger: the current ratio
     * is returned unchanged. Otherwise, with h_t the current trigger ratio, h_g the effective goal growth
     * ({@link GcPacer#gcEffectiveGrowthRatio}), h_a = heap_live/heap_marked - 1 the actual growth, and
     * u_a = 0.25 + assistTime/((now - markStartTime) x GOMAXPROCS) the actual utilization (the assist term only when
     * the duration is positive), the error is {@code h_g - h_t - u_a/0.30 x (h_a - h_t)} and the result
     * {@code h_t + 0.5 x error}. It is clamped later, by gcSetTriggerRatio. With heap_marked 0 the ratios are
     * infinite or NaN, as in Go, and gcSetTriggerRatio rejects the result.
     *
     * @param heap       the heap's statistics (heap_live)
     * @param userForced whether this cycle was forced by the user ({@code work.userForced})
     * @param now        the current time in ns, same clock as {@link #setMarkStartTime}
     * @param gomaxprocs GOMAXPROCS, &gt;= 1
     * @throws IllegalArgumentException if {@code gomaxprocs < 1} or heap_live is negative
     * @mirrors mgc.go:(*gcControllerState).endCycle
     */
    public double endCycle(HeapStats heap, boolean userForced, long now, int gomaxprocs) {
        assert pacer.heapLock().isHeldByCurrentThread() : "endCycle needs the heap lock";
        if (gomaxprocs < 1) {
            throw new IllegalArgumentException("gomaxprocs must be >= 1: " + gomaxprocs);
        }
        double triggerRatio = pacer.triggerRatio();
        if (userForced) {
            return triggerRatio;
        }
        long heapLive = SweepDebt.checkNonNegative("heap_live", heap.heapLive());
        long heapMarked = pacer.heapMarked();

        double goalGrowthRatio = pacer.gcEffectiveGrowthRatio();
        double actualGrowthRatio = Uint64.toFloat64(heapLive) / Uint64.toFloat64(heapMarked) - 1;
        long assistDuration = now - markStartTime;

        double utilization = GC_BACKGROUND_UTILIZATION;
        if (assistDuration > 0) {
            utilization += (double) assistTime.get() / (double) (assistDuration * gomaxprocs);
        }

        double triggerError = goalGrowthRatio - triggerRatio
                - utilization / GC_GOAL_UTILIZATION * (actualGrowthRatio - triggerRatio);
        double next = triggerRatio + TRIGGER_GAIN * triggerError;

        if (PacerTrace.enabled()) {
            PacerTrace.emit(PacerTrace.endCycleLine(heapMarked, triggerRatio, pacer.gcTrigger(), actualGrowthRatio,
                    heapLive, goalGrowthRatio, utilization, scanWork.get()));
        }
        return next;
    }

    /** Sets the time at which marking started (ns); the cycle driver calls it when mark begins. Volatile store. */
    public void setMarkStartTime(long nanos) {
        markStartTime = nanos;
    }

    /**
     * Adds scan work done (atomic).
     *
     * @throws IllegalArgumentException if {@code work} is negative
     */
    public void addScanWork(long work) {
        scanWork.addAndGet(SweepDebt.checkNonNegative("scanWork", work));
    }

    /**
     * Adds to the background scan credit (atomic); negative when an assist steals credit.
     */
    public void addBgScanCredit(long delta) {
        bgScanCredit.addAndGet(delta);
    }

    /**
     * Adds time spent in assists, in ns (atomic).
     *
     * @throws IllegalArgumentException if {@code nanos} is negative
     */
    public void addAssistTime(long nanos) {
        assistTime.addAndGet(SweepDebt.checkNonNegative("assistTime", nanos));
    }

    /**
     * Adds time spent in mark workers, by kind, in ns (atomic).
     *
     * @throws IllegalArgumentException if a time is negative
     */
    public void addMarkWorkerTime(long dedicatedNanos, long fractionalNanos, long idleNanos) {
        SweepDebt.checkNonNegative("dedicatedMarkTime", dedicatedNanos);
        SweepDebt.checkNonNegative("fractionalMarkTime", fractionalNanos);
        SweepDebt.checkNonNegative("idleMarkTime", idleNanos);
        dedicatedMarkTime.addAndGet(dedicatedNanos);
        fractionalMarkTime.addAndGet(fractionalNanos);
        idleMarkTime.addAndGet(idleNanos);
    }

    /**
     * Claims one of the dedicated worker slots, as the scheduler does before starting a dedicated worker: an atomic
     * decrement that is undone if it went below zero.
     *
     * @return whether a slot was claimed
     * @mirrors mgc.go:(*gcControllerState).findRunnableGCWorker the dedicatedMarkWorkersNeeded decrement
     */
    public boolean tryClaimDedicatedWorker() {
        while (true) {
            long v = dedicatedMarkWorkersNeeded.get();
            if (v <= 0) {
                return false;
            }
            if (dedicatedMarkWorkersNeeded.compareAndSet(v, v - 1)) {
                return true;
            }
        }
    }

    /** Scan work this cycle (atomic load). */
    public long scanWork() {
        return scanWork.get();
    }

    /** Background scan credit (atomic load). */
    public long bgScanCredit() {
        return bgScanCredit.get();
    }

    /** Assist time this cycle, ns (atomic load). */
    public long assistTime() {
        return assistTime.get();
    }

    /** Dedicated worker time this cycle, ns (atomic load). */
    public long dedicatedMarkTime() {
        return dedicatedMarkTime.get();
    }

    /** Fractional worker time this cycle, ns (atomic load). */
    public long fractionalMarkTime() {
        return fractionalMarkTime.get();
    }

    /** Idle worker time this cycle, ns (atomic load). */
    public long idleMarkTime() {
        return idleMarkTime.get();
    }

    /** Mark start time, ns (volatile load). */
    public long markStartTime() {
        return markStartTime;
    }

    /** Dedicated workers still to start (atomic load). */
    public long dedicatedMarkWorkersNeeded() {
        return dedicatedMarkWorkersNeeded.get();
    }

    /** Assist scan work per allocated byte (volatile load). */
    public double assistWorkPerByte() {
        return assistWorkPerByte;
    }

    /** Allocated bytes per unit of assist scan work (volatile load). */
    public double assistBytesPerWork() {
        return assistBytesPerWork;
    }

    /** Fractional worker utilization goal per P (volatile load). */
    public double fractionalUtilizationGoal() {
        return fractionalUtilizationGoal;
    }
}

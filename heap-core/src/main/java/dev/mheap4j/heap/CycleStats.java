package dev.mheap4j.heap;

/**
 * What one GC cycle did, with the figures Go's gctrace line prints. Times are measured wall-clock nanoseconds of
 * the model's own phases (the mark phase is simulated while the world is stopped, so it is not concurrent).
 *
 * @param cycle            1-based cycle number
 * @param startNanos       System.nanoTime() when the cycle started
 * @param sweepTermNanos   stop-the-world sweep termination (finishing the last cycle's sweep, resetting marks)
 * @param markNanos        the simulated mark phase
 * @param markTermNanos    mark termination (pacing, gcSweep, cache flushes)
 * @param heapLiveAtStart  heap_live when the cycle started (gctrace's first MB figure)
 * @param heapLiveAtMarkEnd heap_live at mark termination, before it is reset (the second)
 * @param heapMarked       bytes marked (the third, and the next cycle's heap_marked)
 * @param heapGoal         the goal in force for this cycle (next_gc at the start, after startCycle)
 * @param nextGoal         next_gc after the cycle
 * @param nextTrigger      gc_trigger after the cycle
 * @param triggerRatio     the trigger ratio after the cycle
 * @param forced           whether the cycle was user-forced
 * @param objectsMarked    objects marked
 * @param spansFinished    spans swept at the start of the cycle because the last cycle's sweep had not finished
 * @param heapMarkedPrev   heap_marked before this cycle (what endCycle measured growth against)
 * @param endCycleRatio    the trigger ratio endCycle proposed, before gcSetTriggerRatio clamped it
 */
public record CycleStats(int cycle, long startNanos, long sweepTermNanos, long markNanos, long markTermNanos,
                         long heapLiveAtStart, long heapLiveAtMarkEnd, long heapMarked, long heapGoal, long nextGoal,
                         long nextTrigger, double triggerRatio, boolean forced, long objectsMarked,
                         long spansFinished, long heapMarkedPrev, double endCycleRatio) {
}

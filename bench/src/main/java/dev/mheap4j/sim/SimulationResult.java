package dev.mheap4j.sim;

import dev.mheap4j.heap.CycleStats;
import dev.mheap4j.heap.HeapLock;
import java.util.List;

/**
 * What a run produced.
 *
 * @param config     the run's settings
 * @param cycles     every cycle's figures, in order
 * @param traceLines the gctrace line of each cycle, in order
 * @param samples    heap samples over time
 * @param summary    the summary table's figures
 * @param lockTimes  heap-lock wait and hold histograms per site
 * @param failure    null, or what stopped the run early (e.g. the heap ran out of its limit)
 */
public record SimulationResult(SimulationConfig config, List<CycleStats> cycles, List<String> traceLines,
                               List<Sample> samples, Summary summary, HeapLock.LockTimes lockTimes,
                               Throwable failure) {
}

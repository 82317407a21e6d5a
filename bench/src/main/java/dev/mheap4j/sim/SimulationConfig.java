package dev.mheap4j.sim;

import dev.mheap4j.heap.HeapConfig;
import dev.mheap4j.heap.SyncMode;
import dev.mheap4j.pacer.TriggerClamp;

/**
 * One run: a scenario on a heap built in one synchronization mode.
 *
 * @param scenario        what the program does
 * @param mode            the heap's synchronization mode
 * @param gogc            GOGC as Go reads it ("off", "100", ...); null means unset (100)
 * @param maxHeapBytes    the simulated memory limit
 * @param gomaxprocs      simulated GOMAXPROCS
 * @param clamp           the trigger-ratio clamp
 * @param backgroundSweep whether a background sweeper thread runs
 */
public record SimulationConfig(Scenario scenario, SyncMode mode, String gogc, long maxHeapBytes, int gomaxprocs,
                               TriggerClamp clamp, boolean backgroundSweep) {

    public SimulationConfig {
        if (scenario == null || mode == null || clamp == null) {
            throw new IllegalArgumentException("scenario, mode and clamp are required");
        }
        if (maxHeapBytes <= 0) {
            throw new IllegalArgumentException("maxHeapBytes must be positive, got " + maxHeapBytes);
        }
        if (gomaxprocs < 1) {
            throw new IllegalArgumentException("gomaxprocs must be at least 1, got " + gomaxprocs);
        }
    }

    /** The defaults: SEED mode, GOGC unset, 1 TiB limit, 2 P, the seed's clamp, background sweeper on. */
    public static SimulationConfig of(Scenario scenario) {
        return new SimulationConfig(scenario, SyncMode.SEED, null, HeapConfig.DEFAULT_MAX_HEAP_BYTES, 2,
                TriggerClamp.SEED, true);
    }

    public SimulationConfig withMode(SyncMode m) {
        return new SimulationConfig(scenario, m, gogc, maxHeapBytes, gomaxprocs, clamp, backgroundSweep);
    }

    public SimulationConfig withGogc(String g) {
        return new SimulationConfig(scenario, mode, g, maxHeapBytes, gomaxprocs, clamp, backgroundSweep);
    }

    public SimulationConfig withMaxHeapBytes(long b) {
        return new SimulationConfig(scenario, mode, gogc, b, gomaxprocs, clamp, backgroundSweep);
    }

    public SimulationConfig withGomaxprocs(int p) {
        return new SimulationConfig(scenario, mode, gogc, maxHeapBytes, p, clamp, backgroundSweep);
    }

    public SimulationConfig withClamp(TriggerClamp c) {
        return new SimulationConfig(scenario, mode, gogc, maxHeapBytes, gomaxprocs, c, backgroundSweep);
    }

    public SimulationConfig withBackgroundSweep(boolean on) {
        return new SimulationConfig(scenario, mode, gogc, maxHeapBytes, gomaxprocs, clamp, on);
    }

    /** The heap configuration: this run's settings, heap-lock instrumentation on (the summary reports it). */
    public HeapConfig heapConfig() {
        return HeapConfig.of(mode).withGogc(gogc).withMaxHeapBytes(maxHeapBytes).withGomaxprocs(gomaxprocs)
                .withTriggerClamp(clamp).withBackgroundSweep(backgroundSweep).withInstrumentedLock(true);
    }
}

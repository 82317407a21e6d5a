package dev.mheap4j.bench.cli;

import dev.mheap4j.sim.ByteSize;
import dev.mheap4j.sim.Simulation;
import dev.mheap4j.sim.SimulationConfig;
import dev.mheap4j.sim.SimulationResult;
import java.io.PrintWriter;
import java.util.Locale;

/** Runs one simulation, printing gctrace lines as cycles end and a progress line on long runs. */
final class Runs {

    /** Runs longer than this get a progress line on stderr. */
    static final long PROGRESS_DELAY_MILLIS = 3000;

    private Runs() {
    }

    static SimulationResult run(SimulationConfig cfg, PrintWriter out, java.io.PrintStream err)
            throws InterruptedException {
        Simulation sim = new Simulation(cfg, line -> {
            out.println(line);
            out.flush();
        }, null);
        int total = cfg.scenario().totalCycles();
        try (var p = new dev.mheap4j.sim.Progress(err, PROGRESS_DELAY_MILLIS, () -> String.format(Locale.ROOT,
                "[%s %s] cycle %d/%d, %s allocated", cfg.scenario().name(), cfg.mode(), sim.cyclesDone(), total,
                ByteSize.format(sim.bytesAllocatedSoFar())))) {
            SimulationResult r = sim.run();
            if (r.failure() != null) {
                out.println("run stopped early: " + r.failure());
            }
            return r;
        }
    }
}

package dev.mheap4j.bench.cli;

import dev.mheap4j.heap.SyncMode;
import dev.mheap4j.sim.HtmlReport;
import dev.mheap4j.sim.SimulationConfig;
import dev.mheap4j.sim.SimulationResult;
import dev.mheap4j.sim.Summary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mheap4j compare}: one scenario under PARENT, SEED and ALLOC_SPAN, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run one scenario under the three synchronization modes (PARENT 7f574e476a, SEED dac936a4,"
                + " ALLOC_SPAN a762221bea) one after another and put the results side by side.", ""})
public final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RunOptions options = new RunOptions();

    @picocli.CommandLine.Option(names = "--no-warmup",
            description = "Skip the unreported warm-up run (in SEED mode) made before the three measured runs.")
    boolean noWarmup;

    @Override
    public Integer call() throws Exception {
        SimulationConfig base = options.resolve();
        options.configureLogging();
        PrintWriter out = spec.commandLine().getOut();
        if (!noWarmup) {
            // One unreported run first, so that the first measured mode does not pay for JIT compilation alone.
            new dev.mheap4j.sim.Simulation(base.withMode(SyncMode.SEED), null, null).run();
        }
        List<SimulationResult> results = new ArrayList<>();
        for (SyncMode m : SyncMode.values()) {
            SimulationConfig cfg = base.withMode(m);
            out.printf("# %s, mode %s%n", cfg.scenario().name(), m);
            out.flush();
            results.add(Runs.run(cfg, out, System.err));
            out.println();
        }
        out.print(Summary.table(results.stream().map(SimulationResult::summary).toList()));
        if (options.report != null) {
            out.println("report: " + HtmlReport.write(options.report, results));
        }
        out.flush();
        return results.stream().allMatch(r -> r.failure() == null) ? 0 : 1;
    }
}

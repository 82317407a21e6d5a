package dev.mheap4j.bench.cli;

import dev.mheap4j.heap.SyncMode;
import dev.mheap4j.sim.HtmlReport;
import dev.mheap4j.sim.SimulationConfig;
import dev.mheap4j.sim.SimulationResult;
import dev.mheap4j.sim.Summary;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mheap4j simulate}: one scenario in one mode; gctrace lines, then the summary. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a workload on the simulated Go heap and print one gctrace line per GC cycle (Go 1.14's"
                + " GODEBUG=gctrace=1 format), then a summary.", ""})
public final class SimulateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "SEED",
            description = "Heap synchronization mode: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    SyncMode mode;

    @Mixin
    RunOptions options = new RunOptions();

    @Override
    public Integer call() throws Exception {
        SimulationConfig cfg = options.resolve().withMode(mode);
        options.configureLogging();
        PrintWriter out = spec.commandLine().getOut();
        PrintStream err = System.err;
        out.printf("# %s: %s (%d threads, %d cycles), mode %s, GOGC %s, limit %s%n", cfg.scenario().name(),
                cfg.scenario().description(), cfg.scenario().threads(), cfg.scenario().totalCycles(), cfg.mode(),
                options.gogc, dev.mheap4j.sim.ByteSize.format(cfg.maxHeapBytes()));
        out.flush();
        SimulationResult r = Runs.run(cfg, out, err);
        out.println();
        out.print(Summary.table(List.of(r.summary())));
        if (options.report != null) {
            out.println("report: " + HtmlReport.write(options.report, List.of(r)));
        }
        out.flush();
        return r.failure() == null ? 0 : 1;
    }
}

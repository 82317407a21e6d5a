package dev.mheap4j.bench.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.mheap4j.pacer.PacerTrace;
import dev.mheap4j.pacer.TriggerClamp;
import dev.mheap4j.sim.Scenario;
import dev.mheap4j.sim.ScenarioFiles;
import dev.mheap4j.sim.Scenarios;
import dev.mheap4j.sim.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** The options simulate and compare share. */
final class RunOptions {

    @Option(names = {"-s", "--scenario"}, paramLabel = "NAME|FILE", defaultValue = Scenarios.DEFAULT,
            description = "Built-in scenario (steady, growing, phase-change, large-objects, fragmentation) or a"
                    + " YAML/JSON scenario file. Default: ${DEFAULT-VALUE}.")
    String scenario;

    @Option(names = "--gogc", paramLabel = "GOGC", defaultValue = "100", converter = Converters.Gogc.class,
            description = "GOGC: a percentage >= 0, or off. Default: ${DEFAULT-VALUE}.")
    String gogc;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "1TiB", converter = Converters.Size.class,
            description = "Simulated memory limit (metadata only), e.g. 512MiB, 1TiB. Default: ${DEFAULT-VALUE}.")
    long heap;

    @Option(names = "--live", paramLabel = "SIZE", converter = Converters.Size.class,
            description = "Scale the scenario so its largest live set is SIZE (e.g. 400GiB with large-objects to"
                    + " fill a 1TiB heap).")
    Long live;

    @Option(names = "--cycles", paramLabel = "N", description = "Run about N GC cycles (phases scaled).")
    Integer cycles;

    @Option(names = "--threads", paramLabel = "N", description = "Mutator threads (default: the scenario's).")
    Integer threads;

    @Option(names = "--seed", paramLabel = "N", description = "Random seed (default: the scenario's).")
    Long seed;

    @Option(names = "--procs", paramLabel = "N", defaultValue = "2",
            description = "Simulated GOMAXPROCS. Default: ${DEFAULT-VALUE}.")
    int procs;

    @Option(names = "--clamp", paramLabel = "CLAMP", defaultValue = "SEED",
            description = "Trigger-ratio clamp: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    TriggerClamp clamp;

    @Option(names = "--no-background-sweep", description = "Do not run the background sweeper thread.")
    boolean noBackgroundSweep;

    @Option(names = "--pacer-trace", description = "Print the pacer's trace (Go's GODEBUG=gcpacertrace=1 lines).")
    boolean pacerTrace;

    @Option(names = "--report", paramLabel = "DIR", description = "Write an HTML report with charts to DIR.")
    Path report;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging.")
    boolean verbose;

    /** Validates everything that parsing could not, and resolves the scenario; writes nothing. */
    SimulationConfig resolve() {
        if (procs < 1 || procs > 256) {
            throw new UsageException("--procs must be 1 to 256, got " + procs);
        }
        if (threads != null && (threads < 1 || threads > 64)) {
            throw new UsageException("--threads must be 1 to 64, got " + threads);
        }
        if (report != null && Files.exists(report) && !Files.isDirectory(report)) {
            throw new UsageException("--report " + report + " exists and is not a directory");
        }
        Scenario sc = Scenarios.named(scenario);
        if (sc == null) {
            Path file = Path.of(scenario);
            if (!Files.exists(file)) {
                throw new UsageException("unknown scenario '" + scenario + "' (built-in: "
                        + String.join(", ", Scenarios.builtIn().keySet()) + "; or a .yaml/.json file)");
            }
            sc = ScenarioFiles.load(file);
        }
        try {
            if (live != null) {
                sc = sc.withMaxLive(live);
            }
            if (cycles != null) {
                sc = sc.withCycles(cycles);
            }
            if (threads != null) {
                sc = sc.withThreads(threads);
            }
            if (seed != null) {
                sc = sc.withSeed(seed);
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return SimulationConfig.of(sc).withGogc(gogc).withMaxHeapBytes(heap).withGomaxprocs(procs).withClamp(clamp)
                .withBackgroundSweep(!noBackgroundSweep);
    }

    /** Sets the log levels: -v turns on debug logging, --pacer-trace the pacer's trace logger. */
    void configureLogging() {
        if (!(LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext)) {
            return;
        }
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger trace = (Logger) LoggerFactory.getLogger(PacerTrace.LOGGER_NAME);
        root.setLevel(verbose ? Level.DEBUG : Level.WARN);
        trace.setLevel(pacerTrace ? (verbose ? Level.DEBUG : Level.INFO) : Level.OFF);
    }
}

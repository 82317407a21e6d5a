package dev.mheap4j.bench.study;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mheap4j bench [--quick]}: runs a subset of the study's JMH benchmarks through JMH's Java API, writes JMH's
 * JSON result file, and prints each mode's figures as ratios to the PARENT mode measured in the same run.
 *
 * <p>Default subset: the span alloc/free contention benchmark ({@code SpanAllocFreeBench}, 1, 2 and 4 threads,
 * spans of 1, 8 and 64 pages, lock instrumentation on so hold and wait times are reported). {@code --quick} runs it
 * with one fork and short iterations (about two minutes on 2 vCPUs); without it, two forks and longer iterations.
 * {@code --from FILE} prints the table (and charts) of an existing JSON file without running anything.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run the study's JMH benchmarks and print ratios to the PARENT mode.")
public class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "One fork, short iterations (a few minutes).")
    boolean quick;

    @Option(names = "--include", description = "JMH include regex (default: ${DEFAULT-VALUE}).")
    String include = "dev.mheap4j.bench.heap.SpanAllocFreeBench";

    @Option(names = {"-p", "--param"}, description = "JMH parameter override name=v1,v2 (repeatable); default "
            + "instrumented=true for SpanAllocFreeBench.")
    List<String> params;

    @Option(names = "--json", description = "JMH JSON result file (default: ${DEFAULT-VALUE}).")
    Path json = Path.of("mheap4j-bench.json");

    @Option(names = "--from", description = "Print the table of this JMH JSON file instead of running.")
    Path from;

    @Option(names = "--charts", description = "Also write the study's charts (PNG) into this directory.")
    Path charts;

    @Option(names = "--prof-gc", description = "Add JMH's GC profiler (Java garbage per operation).")
    boolean profGc;

    @Option(names = {"-f", "--forks"}, description = "Forks (default: 1 quick, 2 otherwise).")
    Integer forks;

    @Option(names = "--wi", description = "Warm-up iterations (default: 1 quick, 3 otherwise).")
    Integer warmupIterations;

    @Option(names = {"-i", "--iterations"}, description = "Measurement iterations (default: 2 quick, 5 otherwise).")
    Integer iterations;

    @Option(names = {"-w", "--warmup-time"}, description = "Warm-up iteration time in ms (default: 300 quick, "
            + "1000 otherwise).")
    Integer warmupMillis;

    @Option(names = {"-r", "--time"}, description = "Measurement iteration time in ms (default: 500 quick, 1000 "
            + "otherwise).")
    Integer measureMillis;

    /** Picocli needs a no-arg constructor. */
    public BenchCommand() {
    }

    @Override
    public Integer call() throws Exception {
        Path source = from;
        if (source == null) {
            ChainedOptionsBuilder opts = new OptionsBuilder()
                    .include(include)
                    .forks(forks != null ? forks : quick ? 1 : 2)
                    .warmupIterations(warmupIterations != null ? warmupIterations : quick ? 1 : 3)
                    .measurementIterations(iterations != null ? iterations : quick ? 2 : 5)
                    .warmupTime(TimeValue.milliseconds(warmupMillis != null ? warmupMillis : quick ? 300 : 1000))
                    .measurementTime(TimeValue.milliseconds(measureMillis != null ? measureMillis
                            : quick ? 500 : 1000))
                    .shouldFailOnError(true)
                    .resultFormat(ResultFormatType.JSON)
                    .result(json.toString());
            if (params == null) {
                opts.param("instrumented", "true");
            } else {
                for (String p : params) {
                    int eq = p.indexOf('=');
                    if (eq <= 0) {
                        throw new CommandLine.ParameterException(new CommandLine(this),
                                "bad --param '" + p + "': expected name=v1,v2");
                    }
                    opts.param(p.substring(0, eq), p.substring(eq + 1).split(","));
                }
            }
            if (profGc) {
                opts.addProfiler(GCProfiler.class);
            }
            new Runner(opts.build()).run();
            source = json;
        }
        // Print through picocli's writers, so that callers (and tests) that redirect them get the table.
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(source)) {
            spec.commandLine().getErr().println("no JMH result file: " + source);
            return 1;
        }
        List<StudyResult> results = StudyResult.read(source);
        out.println();
        out.println("Ratios to the PARENT mode, same run (" + source + "):");
        out.println(RatioTable.render(results));
        if (charts != null) {
            for (Path p : StudyCharts.write(results, charts)) {
                out.println("wrote " + p);
            }
        }
        out.flush();
        return 0;
    }

    /** Runs the command alone: {@code java -cp benchmarks.jar dev.mheap4j.bench.study.BenchCommand --quick}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCommand()).execute(args));
    }
}

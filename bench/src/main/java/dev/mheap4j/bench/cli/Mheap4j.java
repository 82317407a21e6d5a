package dev.mheap4j.bench.cli;

import dev.mheap4j.bench.study.BenchCommand;
import dev.mheap4j.sim.ScenarioFileException;
import java.io.PrintStream;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code mheap4j} command: {@code simulate}, {@code compare}, {@code bench}, {@code layout}. Usage errors (an
 * unknown option, a bad value, a malformed scenario file) print one line on stderr and exit with 2; a run that fails
 * exits with 1.
 */
@Command(name = "mheap4j", mixinStandardHelpOptions = true, version = "mheap4j 0.1.0-SNAPSHOT",
        description = "Go's heap (page bitmaps, sweeper, page reclaimer, GC pacer at Go commit dac936a4), simulated.",
        subcommands = {SimulateCommand.class, CompareCommand.class, BenchCommand.class, LayoutCommand.class,
                CommandLine.HelpCommand.class})
public final class Mheap4j implements Runnable {

    /** Exit code of a usage error (picocli's). */
    public static final int USAGE = CommandLine.ExitCode.USAGE;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the program with {@code args}, writing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Mheap4j());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandName().equals("mheap4j") ? "mheap4j: " + oneLine(ex.getMessage())
                    : "mheap4j " + c.getCommandName() + ": " + oneLine(ex.getMessage()) + " (see 'mheap4j "
                    + c.getCommandName() + " --help')");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            if (ex instanceof ScenarioFileException || ex instanceof UsageException) {
                c.getErr().println("mheap4j " + c.getCommandName() + ": " + oneLine(ex.getMessage()));
                return USAGE;
            }
            c.getErr().println("mheap4j " + c.getCommandName() + ": " + oneLine(String.valueOf(ex)));
            return CommandLine.ExitCode.SOFTWARE;
        });
        return cl.execute(args);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\r', ' ').replace('\n', ' ').strip();
    }

    /** With no arguments, simulates the default scenario. */
    public static void main(String[] args) {
        System.exit(execute(args.length == 0 ? new String[] {"simulate"} : args, System.out, System.err));
    }
}

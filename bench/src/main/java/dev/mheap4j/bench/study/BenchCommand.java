package dev.mheap4j.bench.study;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Placeholder for {@code mheap4j bench}: the JMH study's command is written in its own branch and replaces this
 * class when merged.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run the JMH heap-lock study (not in this build).")
public class BenchCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("bench: not available in this build");
        return 1;
    }
}

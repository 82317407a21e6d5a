package dev.mheap4j.sim;

import java.io.PrintStream;
import java.util.function.Supplier;

/**
 * A progress line on stderr for runs longer than a few seconds: nothing for the first {@code delayMillis}, then the
 * status once a second (rewritten in place on a terminal, one line every five seconds otherwise).
 */
public final class Progress implements AutoCloseable {

    private final Thread thread;
    /** Written by close(), read by the progress thread. */
    private volatile boolean done;
    /** Whether anything was printed; written by the progress thread, read by close() after join. */
    private boolean printed;

    public Progress(PrintStream err, long delayMillis, Supplier<String> status) {
        boolean terminal = System.console() != null;
        thread = new Thread(() -> {
            try {
                Thread.sleep(delayMillis);
                long ticks = 0;
                while (!done) {
                    if (terminal) {
                        err.print("\r" + status.get() + "   ");
                        printed = true;
                    } else if (ticks % 5 == 0) {
                        err.println(status.get());
                    }
                    err.flush();
                    ticks++;
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (printed) {
                err.print("\r\033[K");
                err.flush();
            }
        }, "progress");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

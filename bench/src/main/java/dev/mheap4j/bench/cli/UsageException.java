package dev.mheap4j.bench.cli;

/** A bad argument found after parsing (e.g. an unknown scenario name): one line on stderr and exit code 2. */
public final class UsageException extends IllegalArgumentException {

    public UsageException(String message) {
        super(message);
    }
}

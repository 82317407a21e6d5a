package dev.mheap4j.sim;

/**
 * A stretch of a scenario: for {@code cycles} GC cycles the program keeps about {@code liveBytes} reachable (all
 * threads together), dropping references as it allocates.
 */
public record Phase(int cycles, long liveBytes) {

    public Phase {
        if (cycles < 1) {
            throw new IllegalArgumentException("phase cycles must be at least 1, got " + cycles);
        }
        if (liveBytes < 1) {
            throw new IllegalArgumentException("phase live bytes must be positive, got " + liveBytes);
        }
    }
}

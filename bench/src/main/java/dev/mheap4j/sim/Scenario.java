package dev.mheap4j.sim;

import java.util.List;

/**
 * What a simulated program does: how many mutator threads, which object sizes it allocates, how much it keeps live
 * in each phase, which share of its objects it pins for good, and which share holds no pointers.
 *
 * <p>The lifetime model: each thread allocates an object, adds it to its live set, and while its live set is over its
 * share of the phase's target drops a uniformly chosen unpinned object (so object lifetimes are roughly exponential,
 * the older an object the likelier it is gone). A pinned object is never dropped (up to half the target), which
 * leaves long-lived objects scattered across spans: fragmentation.
 *
 * @param name           short name (built-in scenarios: see {@link Scenarios})
 * @param description    one line for --help and reports
 * @param threads        mutator threads (simulated goroutines), at least 1
 * @param sizes          the size distribution
 * @param phases         the live-set targets, one after another, each for some cycles
 * @param pinnedFraction the share of allocations pinned for the whole run, in [0, 1)
 * @param noscanFraction the share of allocations that hold no pointers (noscan spans), in [0, 1]
 * @param seed           seed of the threads' random choices (thread i uses seed + i)
 */
public record Scenario(String name, String description, int threads, List<SizeBucket> sizes, List<Phase> phases,
                       double pinnedFraction, double noscanFraction, long seed) {

    public Scenario {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("scenario name is missing");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1 to 64, got " + threads);
        }
        if (sizes == null || sizes.isEmpty()) {
            throw new IllegalArgumentException("sizes must list at least one size bucket");
        }
        if (phases == null || phases.isEmpty()) {
            throw new IllegalArgumentException("phases must list at least one phase");
        }
        if (!(pinnedFraction >= 0 && pinnedFraction < 1)) {
            throw new IllegalArgumentException("pinnedFraction must be in [0, 1), got " + pinnedFraction);
        }
        if (!(noscanFraction >= 0 && noscanFraction <= 1)) {
            throw new IllegalArgumentException("noscanFraction must be in [0, 1], got " + noscanFraction);
        }
        description = description == null ? "" : description;
        sizes = List.copyOf(sizes);
        phases = List.copyOf(phases);
    }

    /** GC cycles the scenario runs: the sum of its phases' cycles. */
    public int totalCycles() {
        return phases.stream().mapToInt(Phase::cycles).sum();
    }

    /** The largest live-set target of any phase. */
    public long maxLiveBytes() {
        return phases.stream().mapToLong(Phase::liveBytes).max().orElseThrow();
    }

    /** The phase in force once {@code cyclesDone} cycles have completed (the last phase after the end). */
    public Phase phaseAfter(int cyclesDone) {
        int c = 0;
        for (Phase p : phases) {
            c += p.cycles();
            if (cyclesDone < c) {
                return p;
            }
        }
        return phases.get(phases.size() - 1);
    }

    /**
     * This scenario with every phase's live set scaled so that the largest is {@code maxLive}. Scaling up by a
     * factor f also lengthens the first phase by ceil(log2 f) cycles: the heap goal roughly doubles per cycle, so
     * a larger live set needs that many more cycles to build up.
     */
    public Scenario withMaxLive(long maxLive) {
        double f = (double) maxLive / maxLiveBytes();
        int extra = f > 1 ? (int) Math.ceil(Math.log(f) / Math.log(2)) : 0;
        List<Phase> scaled = new java.util.ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            scaled.add(new Phase(p.cycles() + (i == 0 ? extra : 0), Math.max(1, Math.round(p.liveBytes() * f))));
        }
        return new Scenario(name, description + " (live set scaled to " + ByteSize.format(maxLive) + ")", threads,
                sizes, scaled, pinnedFraction, noscanFraction, seed);
    }

    /** This scenario with {@code n} threads. */
    public Scenario withThreads(int n) {
        return new Scenario(name, description, n, sizes, phases, pinnedFraction, noscanFraction, seed);
    }

    /** This scenario with another seed. */
    public Scenario withSeed(long s) {
        return new Scenario(name, description, threads, sizes, phases, pinnedFraction, noscanFraction, s);
    }

    /** This scenario with its phases' cycles multiplied so that it runs about {@code cycles} cycles in total. */
    public Scenario withCycles(int cycles) {
        if (cycles < phases.size()) {
            throw new IllegalArgumentException("cycles must be at least the number of phases (" + phases.size()
                    + "), got " + cycles);
        }
        int total = totalCycles();
        List<Phase> out = new java.util.ArrayList<>();
        int given = 0;
        for (int i = 0; i < phases.size(); i++) {
            Phase p = phases.get(i);
            int c = i == phases.size() - 1 ? cycles - given
                    : Math.max(1, (int) Math.round((double) p.cycles() * cycles / total));
            c = Math.max(1, Math.min(c, cycles - given - (phases.size() - 1 - i)));
            given += c;
            out.add(new Phase(c, p.liveBytes()));
        }
        return new Scenario(name, description, threads, sizes, out, pinnedFraction, noscanFraction, seed);
    }
}

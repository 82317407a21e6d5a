package dev.mheap4j.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in scenarios, by name. Sized so that each runs in a few seconds on a 2-core machine. The heap starts at
 * Go's 4 MiB minimum and its goal roughly doubles per cycle, so a live set of L MiB takes about log2(L/4) cycles to
 * build up; the first phase of each scenario allows for that.
 */
public final class Scenarios {

    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /** The scenario README's first command runs. */
    public static final String DEFAULT = "steady";

    private static final List<SizeBucket> MIXED = List.of(
            new SizeBucket(8, 512, 10), new SizeBucket(513, 8 * KIB, 3), new SizeBucket(8 * KIB + 1, 32 * KIB, 1));

    private static final Map<String, Scenario> BUILT_IN = new LinkedHashMap<>();

    static {
        add(new Scenario("steady", "fixed 64 MiB live set, steady churn of mixed small objects", 2, MIXED,
                List.of(new Phase(24, 64 * MIB)), 0, 0.5, 1));
        add(new Scenario("growing", "live set grows from 16 MiB to 128 MiB", 2, MIXED,
                List.of(new Phase(2, 16 * MIB), new Phase(2, 32 * MIB), new Phase(2, 64 * MIB),
                        new Phase(4, 128 * MIB)), 0, 0.5, 2));
        add(new Scenario("phase-change", "64 MiB live, then drops by 90% to 6.4 MiB (cycle 11), then regrows to 64 MiB (cycle 17)", 2,
                MIXED, List.of(new Phase(10, 64 * MIB), new Phase(6, 64 * MIB / 10), new Phase(8, 64 * MIB)), 0, 0.5,
                3));
        add(new Scenario("large-objects", "mostly large objects (32 KiB to 4 MiB, each its own span), 256 MiB live",
                2, List.of(new SizeBucket(32 * KIB + 1, 4 * MIB, 4), new SizeBucket(16, 1024, 1)),
                List.of(new Phase(14, 256 * MIB)), 0, 0.8, 4));
        add(new Scenario("fragmentation", "many sizes, 2% of objects pinned for good across spans, 48 MiB live", 2,
                List.of(new SizeBucket(8, 64, 4), new SizeBucket(65, 256, 4), new SizeBucket(257, 1024, 3),
                        new SizeBucket(1025, 4 * KIB, 2), new SizeBucket(4 * KIB + 1, 16 * KIB, 1),
                        new SizeBucket(16 * KIB + 1, 32 * KIB, 1), new SizeBucket(32 * KIB + 1, 256 * KIB, 0.2)),
                List.of(new Phase(16, 48 * MIB)), 0.02, 0.3, 5));
    }

    private Scenarios() {
    }

    private static void add(Scenario s) {
        BUILT_IN.put(s.name(), s);
    }

    /** The built-in scenarios in a fixed order. */
    public static Map<String, Scenario> builtIn() {
        return java.util.Collections.unmodifiableMap(BUILT_IN);
    }

    /** The built-in scenario called {@code name}, or null. */
    public static Scenario named(String name) {
        return BUILT_IN.get(name);
    }
}

package dev.mheap4j.bench.gomap;

import java.util.Comparator;

/**
 * One row of docs/go-mapping.md: a Go reference and the Java symbol that carries it.
 *
 * @param reference  the parsed tag
 * @param module     the Maven module holding the Java symbol
 * @param javaSymbol {@code pkg.Class}, {@code pkg.Class#field} or {@code pkg.Class#method(ParamType, ...)}
 */
public record GoMappingEntry(GoReference reference, String module, String javaSymbol) {

    /** Go file, then Go symbol, then commit, then Java symbol: the order of the generated table. */
    public static final Comparator<GoMappingEntry> ORDER = Comparator
            .comparing((GoMappingEntry e) -> e.reference().goFile())
            .thenComparing(e -> e.reference().goSymbol())
            .thenComparing(e -> e.reference().commit())
            .thenComparing(GoMappingEntry::javaSymbol);
}

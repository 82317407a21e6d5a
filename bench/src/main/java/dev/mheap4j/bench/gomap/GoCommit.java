package dev.mheap4j.bench.gomap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Go commits a {@code @mirrors} reference may name, each with the list of runtime source files it holds
 * (read from Go's tree with {@code git ls-tree -r src/runtime}), so that a reference to a file that did not exist
 * at that commit is caught as malformed.
 */
public enum GoCommit {
    /** The seed: "runtime: make more page sweeper operations atomic". The default when a reference names none. */
    SEED("dac936a4ab", "dac936a4ab8490d90afb9786a69854818f634dc5"),
    /** The parent of the seed ("@P" in the spec): every pageInUse/pagesInUse access is plain, under the heap lock. */
    PARENT("7f574e476a", "7f574e476ac4a6e8c2719b9674ee7b3786bb8401"),
    /** The next commit: alloc_m, allocSpanLocked and allocManual become allocSpan; publication after unlock. */
    ALLOC_SPAN("a762221bea", "a762221bea7c02a17cffc6937d8af33a027a32e5"),
    /** The later fix that scales minTriggerRatio by GOGC (Go issue 37927). */
    TRIGGER_RATIO_FIX("d1ecfcc1e8", "d1ecfcc1e8baa0bb3a9fb504e8c14125a69139ba");

    private final String shortHash;
    private final String fullHashForDocs;
    private volatile Set<String> files;

    GoCommit(String shortHash, String fullHashForDocs) {
        this.shortHash = shortHash;
        this.fullHashForDocs = fullHashForDocs;
    }

    /** The 10-hex prefix used in references and in docs/go-mapping.md. */
    public String shortHash() {
        return shortHash;
    }

    /**
     * Resolves the commit token of a reference: {@code P} for the parent, or a hex prefix of at least 7 digits of
     * one of the known commits.
     */
    public static Optional<GoCommit> resolve(String token) {
        if (token.equals("P")) {
            return Optional.of(PARENT);
        }
        if (token.length() < 7 || !token.matches("[0-9a-f]+")) {
            return Optional.empty();
        }
        return Arrays.stream(values())
                .filter(c -> c.shortHash.startsWith(token) || token.startsWith(c.shortHash))
                .findFirst();
    }

    /** Whether {@code path} (relative to Go's src/runtime) existed at this commit. */
    public boolean hasFile(String path) {
        Set<String> known = files;
        if (known == null) {
            known = loadFiles();
            files = known;
        }
        return known.contains(path);
    }

    private Set<String> loadFiles() {
        String resource = "/go-files/" + shortHash + ".txt";
        try (InputStream in = GoCommit.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return shortHash;
    }

    String fullHashForDocs() {
        return fullHashForDocs;
    }
}

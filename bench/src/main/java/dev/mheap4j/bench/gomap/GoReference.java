package dev.mheap4j.bench.gomap;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code @mirrors} javadoc tag: the Go file and symbol a Java class, method or field mirrors.
 *
 * <p>Tag syntax, written in the javadoc of the Java declaration:
 * <pre>
 * &#64;mirrors mheap.go:pageIndexOf                      the seed commit, no note
 * &#64;mirrors mheap.go:(*mheap).alloc_m@P Before the seed  the parent commit, with a note
 * &#64;mirrors internal/atomic/atomic_amd64.go:Or8@a762221bea</pre>
 * The file is relative to Go's {@code src/runtime} and must exist at the named commit; the symbol is a Go
 * identifier, optionally qualified by its receiver ({@code (*mspan).sweep}, {@code mheap.pagesInUse},
 * {@code heapArena.pageInUse}); the commit is {@code P} (the seed's parent) or a hex prefix of a
 * {@link GoCommit}, and defaults to the seed. Everything after the first blank is a free-text note.
 *
 * @param goFile   path under Go's src/runtime, e.g. {@code mheap.go}
 * @param goSymbol the Go function, type, method or field
 * @param commit   the Go commit the reference is read at
 * @param note     free text, possibly empty
 */
public record GoReference(String goFile, String goSymbol, GoCommit commit, String note) {

    /** The javadoc block tag name, without the at sign. */
    public static final String TAG = "mirrors";

    private static final Pattern SYNTAX = Pattern.compile(
            "(?<file>[a-z0-9_]+(?:/[a-z0-9_]+)*\\.go)"
                    + ":(?<symbol>(?:\\(\\*?[A-Za-z_][A-Za-z0-9_]*\\)\\.|[A-Za-z_][A-Za-z0-9_]*\\.)?[A-Za-z_][A-Za-z0-9_]*)"
                    + "(?:@(?<commit>[0-9a-zA-Z]+))?"
                    + "(?:\\s+(?<note>.*))?",
            Pattern.DOTALL);

    /**
     * Parses the text of one tag.
     *
     * @throws MalformedGoReferenceException naming the text and the reason when it does not follow the syntax,
     *                                       names an unknown commit, or a file absent at that commit
     */
    public static GoReference parse(String tagText) {
        String text = tagText.strip();
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new MalformedGoReferenceException(
                    "malformed @" + TAG + " '" + text + "': expected <file.go>:<symbol>[@<commit>] [note]");
        }
        String commitToken = m.group("commit");
        GoCommit commit = commitToken == null ? GoCommit.SEED : GoCommit.resolve(commitToken)
                .orElseThrow(() -> new MalformedGoReferenceException(
                        "malformed @" + TAG + " '" + text + "': unknown Go commit '" + commitToken + "'"));
        String file = m.group("file");
        if (!commit.hasFile(file)) {
            throw new MalformedGoReferenceException("malformed @" + TAG + " '" + text + "': Go's src/runtime has no "
                    + file + " at commit " + commit.shortHash());
        }
        String note = m.group("note") == null ? "" : m.group("note").replaceAll("\\s+", " ").strip();
        return new GoReference(file, m.group("symbol"), commit, note);
    }
}

package dev.mheap4j.bench.gomap;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.nodeTypes.NodeWithJavadoc;
import com.github.javaparser.javadoc.JavadocBlockTag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds every {@code @mirrors} tag in the main sources of the project's modules and ties it to the Java declaration
 * whose javadoc holds it.
 *
 * <p>A tag anywhere else (a line comment, a javadoc that documents nothing) cannot be tied to a symbol, so it is
 * reported as malformed rather than silently dropped: the scanner counts tag lines in the raw text and compares.
 */
public final class GoMappingScanner {

    /** The modules whose {@code src/main/java} trees are scanned, in build order. */
    public static final List<String> MODULES = List.of("arena-bitmap", "pacer", "sweeper", "heap-core", "bench");

    private static final Pattern RAW_TAG_LINE = Pattern.compile("^\\s*(?:/\\*\\*|\\*|//)?\\s*@" + GoReference.TAG + "\\b",
            Pattern.MULTILINE);

    private final JavaParser parser = new JavaParser(
            new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

    /** Scans all modules under {@code projectRoot}. */
    public List<GoMappingEntry> scanProject(Path projectRoot) {
        List<GoMappingEntry> entries = new ArrayList<>();
        for (String module : MODULES) {
            Path sources = projectRoot.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            for (Path file : javaFiles(sources)) {
                entries.addAll(scanFile(module, file));
            }
        }
        entries.sort(GoMappingEntry.ORDER);
        return entries;
    }

    /**
     * Scans one source file.
     *
     * @throws MalformedGoReferenceException naming the file and line of the first bad tag
     */
    public List<GoMappingEntry> scanFile(String module, Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return scanSource(module, file.toString(), source);
    }

    /** Scans source text; {@code origin} names it in error messages. */
    public List<GoMappingEntry> scanSource(String module, String origin, String source) {
        ParseResult<CompilationUnit> result = parser.parse(source);
        CompilationUnit unit = result.getResult()
                .filter(u -> result.isSuccessful())
                .orElseThrow(() -> new MalformedGoReferenceException(origin + ": does not parse: " + result.getProblems()));
        String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString() + ".").orElse("");
        List<GoMappingEntry> entries = new ArrayList<>();
        for (BodyDeclaration<?> declaration : unit.findAll(BodyDeclaration.class)) {
            if (!(declaration instanceof NodeWithJavadoc<?> withDoc)) {
                continue;
            }
            var javadoc = withDoc.getJavadoc();
            if (javadoc.isEmpty()) {
                continue;
            }
            for (JavadocBlockTag tag : javadoc.get().getBlockTags()) {
                if (!tag.getTagName().equals(GoReference.TAG)) {
                    continue;
                }
                GoReference reference;
                try {
                    reference = GoReference.parse(tag.getContent().toText());
                } catch (MalformedGoReferenceException e) {
                    throw new MalformedGoReferenceException(origin + ":" + tagLine(declaration, tag) + ": " + e.getMessage());
                }
                for (String symbol : javaSymbols(pkg, declaration)) {
                    entries.add(new GoMappingEntry(reference, module, symbol));
                }
            }
        }
        long rawTags = RAW_TAG_LINE.matcher(source).results().count();
        long tiedTags = countTiedTags(unit);
        if (rawTags != tiedTags) {
            throw new MalformedGoReferenceException(origin + ": " + rawTags + " @" + GoReference.TAG + " lines but only "
                    + tiedTags + " sit in the javadoc of a class, method, constructor or field");
        }
        return entries;
    }

    private static long countTiedTags(CompilationUnit unit) {
        long n = 0;
        for (BodyDeclaration<?> declaration : unit.findAll(BodyDeclaration.class)) {
            if (declaration instanceof NodeWithJavadoc<?> withDoc && withDoc.getJavadoc().isPresent()) {
                n += withDoc.getJavadoc().get().getBlockTags().stream()
                        .filter(t -> t.getTagName().equals(GoReference.TAG))
                        .count();
            }
        }
        return n;
    }

    private static int line(Node node) {
        return node.getBegin().map(p -> p.line).orElse(0);
    }

    /**
     * The source line of a tag: its javadoc's first line plus the lines before the tag inside the javadoc. JavaParser
     * starts a declaration's range after its javadoc, so the declaration's own line would point below the tag.
     */
    private static int tagLine(BodyDeclaration<?> declaration, JavadocBlockTag tag) {
        String content = tag.getContent().toText().strip();
        String firstWord = content.isEmpty() ? "" : content.split("\\s+", 2)[0];
        Pattern tagStart = Pattern.compile("@" + GoReference.TAG + "\\s*" + Pattern.quote(firstWord));
        return declaration.getComment()
                .flatMap(comment -> comment.getBegin().map(begin -> {
                    Matcher m = tagStart.matcher(comment.getContent());
                    if (!m.find()) {
                        return begin.line;
                    }
                    return begin.line + (int) comment.getContent().substring(0, m.start()).chars()
                            .filter(c -> c == '\n').count();
                }))
                .orElseGet(() -> line(declaration));
    }

    /** A field declaration may declare several variables; each gets its own row. */
    private static List<String> javaSymbols(String pkg, BodyDeclaration<?> declaration) {
        if (declaration instanceof TypeDeclaration<?> type) {
            return List.of(qualifiedTypeName(pkg, type));
        }
        String owner = enclosingTypeName(pkg, declaration);
        if (declaration instanceof FieldDeclaration field) {
            return field.getVariables().stream().map(v -> owner + "#" + v.getNameAsString()).toList();
        }
        if (declaration instanceof CallableDeclaration<?> callable) {
            String params = callable.getParameters().stream()
                    .map(p -> p.getType().asString() + (p.isVarArgs() ? "..." : ""))
                    .collect(Collectors.joining(", "));
            return List.of(owner + "#" + callable.getNameAsString() + "(" + params + ")");
        }
        if (declaration instanceof EnumConstantDeclaration constant) {
            return List.of(owner + "#" + constant.getNameAsString());
        }
        return List.of(owner + "#" + declaration.getClass().getSimpleName());
    }

    private static String enclosingTypeName(String pkg, Node node) {
        return node.findAncestor(TypeDeclaration.class)
                .map(t -> qualifiedTypeName(pkg, (TypeDeclaration<?>) t))
                .orElse(pkg);
    }

    private static String qualifiedTypeName(String pkg, TypeDeclaration<?> type) {
        StringBuilder name = new StringBuilder(type.getNameAsString());
        Node current = type;
        while (current.getParentNode().isPresent()) {
            current = current.getParentNode().get();
            if (current instanceof TypeDeclaration<?> outer) {
                name.insert(0, outer.getNameAsString() + ".");
            }
        }
        return pkg + name;
    }

    private static List<Path> javaFiles(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

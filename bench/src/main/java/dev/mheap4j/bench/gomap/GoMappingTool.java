package dev.mheap4j.bench.gomap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes docs/go-mapping.md from the {@code @mirrors} tags of the project's sources.
 *
 * <p>Usage: {@code GoMappingTool [projectRoot]} (default: the working directory). GoMappingTest checks the committed
 * file against the same generation, so the file cannot drift from the code.
 */
public final class GoMappingTool {

    /** Where the generated file lives, relative to the project root. */
    public static final Path OUTPUT = Path.of("docs", "go-mapping.md");

    private GoMappingTool() {
    }

    /** Generates the markdown for the project at {@code projectRoot}. */
    public static String generate(Path projectRoot) {
        return GoMappingMarkdown.render(new GoMappingScanner().scanProject(projectRoot));
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path out = root.resolve(OUTPUT);
        Files.createDirectories(out.getParent());
        Files.writeString(out, generate(root));
        System.out.println("wrote " + out);
    }
}

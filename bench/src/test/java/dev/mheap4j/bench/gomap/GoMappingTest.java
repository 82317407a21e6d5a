package dev.mheap4j.bench.gomap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps docs/go-mapping.md equal to what the @mirrors tags say, and rejects malformed tags. */
class GoMappingTest {

    private static Path projectRoot() {
        String root = System.getProperty("mheap4j.root");
        Path candidate = root != null ? Path.of(root) : Path.of("..");
        return candidate.toAbsolutePath().normalize();
    }

    @Test
    void docsGoMappingIsUpToDate() throws IOException {
        Path root = projectRoot();
        String generated = GoMappingTool.generate(root);
        Path committed = root.resolve(GoMappingTool.OUTPUT);
        if (Boolean.getBoolean("gomapping.write")) {
            Files.writeString(committed, generated);
        }
        Path fresh = root.resolve("bench/target/go-mapping.md");
        Files.createDirectories(fresh.getParent());
        Files.writeString(fresh, generated);
        assertThat(committed).as("docs/go-mapping.md").exists();
        assertThat(Files.readString(committed))
                .as("docs/go-mapping.md is stale; regenerate it with: cp bench/target/go-mapping.md docs/go-mapping.md")
                .isEqualTo(generated);
    }

    @Test
    void everyModuleWithMirrorsIsScannedAndEveryRowIsWellFormed() {
        List<GoMappingEntry> entries = new GoMappingScanner().scanProject(projectRoot());
        assertThat(entries).isNotEmpty();
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.reference().commit().hasFile(e.reference().goFile())).isTrue();
            assertThat(e.javaSymbol()).startsWith("dev.mheap4j.");
        });
    }

    @Test
    void parsesFileSymbolCommitAndNote() {
        GoReference r = GoReference.parse("mheap.go:(*mheap).alloc_m@P plain OR under the heap lock");
        assertThat(r.goFile()).isEqualTo("mheap.go");
        assertThat(r.goSymbol()).isEqualTo("(*mheap).alloc_m");
        assertThat(r.commit()).isEqualTo(GoCommit.PARENT);
        assertThat(r.note()).isEqualTo("plain OR under the heap lock");

        GoReference seed = GoReference.parse("internal/atomic/atomic_amd64.go:Or8");
        assertThat(seed.commit()).isEqualTo(GoCommit.SEED);
        assertThat(seed.note()).isEmpty();

        assertThat(GoReference.parse("mheap.go:heapArena.pageInUse").goSymbol()).isEqualTo("heapArena.pageInUse");
        assertThat(GoReference.parse("mheap.go:allocSpan@a762221bea").commit()).isEqualTo(GoCommit.ALLOC_SPAN);
    }

    @Test
    void rejectsMalformedReferencesNamingTheText() {
        assertThatThrownBy(() -> GoReference.parse("mheap.go pageIndexOf"))
                .isInstanceOf(MalformedGoReferenceException.class)
                .hasMessageContaining("'mheap.go pageIndexOf'");
        assertThatThrownBy(() -> GoReference.parse("mheap.go:"))
                .isInstanceOf(MalformedGoReferenceException.class);
        assertThatThrownBy(() -> GoReference.parse("mheap.go:pageIndexOf@zzzzzzz"))
                .isInstanceOf(MalformedGoReferenceException.class)
                .hasMessageContaining("unknown Go commit 'zzzzzzz'");
        assertThatThrownBy(() -> GoReference.parse("mgclarge.go:treapNode"))
                .as("the treap allocator was deleted before the seed")
                .isInstanceOf(MalformedGoReferenceException.class)
                .hasMessageContaining("no mgclarge.go at commit dac936a4ab");
        assertThatThrownBy(() -> GoReference.parse("mpagecache.go:pageCache"))
                .as("the page cache landed after the seed")
                .isInstanceOf(MalformedGoReferenceException.class);
    }

    @Test
    void tiesTagsToTheirDeclarations() {
        String source = """
                package dev.mheap4j.demo;
                /**
                 * Demo.
                 * @mirrors mheap.go:heapArena
                 */
                class Arena {
                    /** @mirrors mheap.go:heapArena.pageInUse atomic since the seed */
                    byte[] pageInUse, other;
                    /**
                     * Index.
                     * @mirrors mheap.go:pageIndexOf
                     */
                    long pageIndexOf(long addr, int[] out) { return 0; }
                }
                """;
        List<GoMappingEntry> entries = new GoMappingScanner().scanSource("demo", "Arena.java", source);
        assertThat(entries).extracting(GoMappingEntry::javaSymbol).containsExactlyInAnyOrder(
                "dev.mheap4j.demo.Arena",
                "dev.mheap4j.demo.Arena#pageInUse",
                "dev.mheap4j.demo.Arena#other",
                "dev.mheap4j.demo.Arena#pageIndexOf(long, int[])");
    }

    @Test
    void rejectsTagsOutsideAJavadocAndBadTagsWithFileAndLine() {
        String stray = """
                package dev.mheap4j.demo;
                class A {
                    // @mirrors mheap.go:pageIndexOf
                    void f() {}
                }
                """;
        assertThatThrownBy(() -> new GoMappingScanner().scanSource("demo", "A.java", stray))
                .isInstanceOf(MalformedGoReferenceException.class)
                .hasMessageContaining("A.java")
                .hasMessageContaining("1 @mirrors lines but only 0");

        String bad = """
                package dev.mheap4j.demo;
                class B {
                    /** @mirrors not-a-reference */
                    void f() {}
                }
                """;
        assertThatThrownBy(() -> new GoMappingScanner().scanSource("demo", "B.java", bad))
                .isInstanceOf(MalformedGoReferenceException.class)
                .hasMessageContaining("B.java:3")
                .hasMessageContaining("not-a-reference");
    }
}

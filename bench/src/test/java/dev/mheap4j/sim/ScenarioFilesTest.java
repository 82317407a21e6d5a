package dev.mheap4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Scenario files: YAML and JSON, and errors naming the file, line and field. */
class ScenarioFilesTest {

    static final String OK = """
            name: my-service
            description: a test
            threads: 3
            seed: 9
            noscanFraction: 0.25
            sizes:
              - {min: 16, max: 512, weight: 10}
              - {min: 64KiB, max: 1MiB}
            phases:
              - {cycles: 6, live: 16MiB}
              - {cycles: 3, live: 2097152}
            """;

    @TempDir
    Path dir;

    Path write(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void yamlLoads() throws IOException {
        Scenario sc = ScenarioFiles.load(write("s.yaml", OK));
        assertThat(sc).isEqualTo(new Scenario("my-service", "a test", 3,
                List.of(new SizeBucket(16, 512, 10), new SizeBucket(64 << 10, 1 << 20, 1)),
                List.of(new Phase(6, 16 << 20), new Phase(3, 2 << 20)), 0, 0.25, 9));
    }

    @Test
    void jsonLoads() throws IOException {
        Scenario sc = ScenarioFiles.load(write("s.json", """
                {"name": "j", "threads": 1, "sizes": [{"min": 8, "max": 8}], "phases": [{"cycles": 2, "live": "4MiB"}]}
                """));
        assertThat(sc).isEqualTo(new Scenario("j", "", 1, List.of(new SizeBucket(8, 8, 1)),
                List.of(new Phase(2, 4 << 20)), 0, 0.5, 1));
    }

    /** Each row: a replacement applied to OK, then the expected line, field and a piece of the message. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "live: 2097152|live: lots|11|phases[1].live|'lots' is not a size",
            "threads: 3|threads: -3|3|threads|must be 1 to 64, got -3",
            "threads: 3|thread: 3|3|thread|unknown field 'thread'",
            "max: 1MiB}|max: 1MiB, wieght: 2}|8|sizes[1].wieght|unknown field 'wieght'",
            "noscanFraction: 0.25|noscanFraction: 1.5|5|noscanFraction|must be in [0, 1]",
            "{cycles: 6, live: 16MiB}|{cycles: zero, live: 16MiB}|10|phases[0].cycles|'zero' is not a whole number",
            "{min: 16, max: 512, weight: 10}|{min: 600, max: 512, weight: 10}|7|sizes[0]|max (512) is below min (600)",
            "- {cycles: 6, live: 16MiB}|- {cycles: 6, live: 16MiB|11|phases[0].live|expected ',' or '}'"})
    void malformedFileNamesFileLineAndField(String from, String to, int line, String field, String problem)
            throws IOException {
        assertThat(OK).contains(from);
        Path f = write("bad.yaml", OK.replace(from, to));
        assertThatThrownBy(() -> ScenarioFiles.load(f))
                .isInstanceOfSatisfying(ScenarioFileException.class, e -> {
                    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                    assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(f + ": line " + line).contains("field '" + field + "'")
                            .contains(problem).doesNotContain("\n");
                });
    }

    @Test
    void missingRequiredFieldIsNamed() throws IOException {
        Path f = write("m.yaml", OK.replaceAll("(?s)phases:.*", ""));
        assertThatThrownBy(() -> ScenarioFiles.load(f)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("line ")
                .hasMessageContaining("missing required field 'phases'");
    }

    @Test
    void jsonSyntaxErrorNamesLine() throws IOException {
        Path f = write("s.json", "{\"name\": \"x\",\n \"threads\": 2,,\n}");
        assertThatThrownBy(() -> ScenarioFiles.load(f)).isInstanceOfSatisfying(ScenarioFileException.class,
                e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void missingFileIsReported() {
        Path f = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ScenarioFiles.load(f)).isInstanceOf(ScenarioFileException.class)
                .hasMessageContaining("nope.yaml").hasMessageContaining("no such file");
    }
}

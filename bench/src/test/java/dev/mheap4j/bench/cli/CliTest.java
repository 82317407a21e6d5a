package dev.mheap4j.bench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.sim.GcTrace;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: runs, reports, help, and usage errors (one line, exit code 2, nothing written). */
class CliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Mheap4j.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String[] with(String[] head, String... tail) {
        return Stream.concat(Arrays.stream(head), Arrays.stream(tail)).toArray(String[]::new);
    }

    @Test
    void simulatePrintsGctraceLinesTheSummaryAndWritesTheReport() throws IOException {
        Path report = dir.resolve("report");
        Result r = run("simulate", "--live", "8MiB", "--cycles", "5", "--report", report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> gc = r.out().lines().filter(l -> l.startsWith("gc ")).toList();
        assertThat(gc).hasSize(5).allMatch(l -> GcTrace.LINE.matcher(l).matches());
        assertThat(r.out()).contains("pages swept: proportional").contains("heap lock hold: p99")
                .contains("report: ");
        assertThat(report.resolve("index.html")).exists();
        try (Stream<Path> files = Files.list(report)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .contains("heap-seed.png", "sweep-seed.png", "pages-seed.png");
        }
        assertThat(Files.readString(report.resolve("index.html"))).contains("<img src=\"heap-seed.png\"")
                .contains(gc.get(0).replace(">", "&gt;"));
    }

    @Test
    void compareRunsTheThreeModesSideBySide() throws IOException {
        Path report = dir.resolve("cmp");
        Result r = run("compare", "-s", "fragmentation", "--live", "6MiB", "--cycles", "4", "--no-warmup", "--report",
                report.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines().filter(l -> l.startsWith("gc ")).count()).isEqualTo(12);
        assertThat(r.out().lines().filter(l -> l.startsWith("mode ")).findFirst().orElseThrow())
                .contains("PARENT").contains("SEED").contains("ALLOC_SPAN");
        assertThat(report.resolve("lock-hold.png")).exists();
        assertThat(report.resolve("heap-alloc_span.png")).exists();
    }

    @Test
    void pacerTraceTurnsOnGoPacerLinesOnlyWhenAsked() {
        ch.qos.logback.classic.Logger trace =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(dev.mheap4j.pacer.PacerTrace.LOGGER_NAME);
        var appender = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        appender.start();
        trace.addAppender(appender);
        try {
            Result off = run("simulate", "--live", "8MiB", "--cycles", "3");
            assertThat(off.code()).as(off.err()).isZero();
            assertThat(appender.list).isEmpty();
            Result on = run("simulate", "--live", "8MiB", "--cycles", "3", "--pacer-trace");
            assertThat(on.code()).as(on.err()).isZero();
            List<String> lines = appender.list.stream().map(e -> e.getFormattedMessage()).toList();
            // Go's endCycle line once per cycle; the first shows gcinit's start-up state.
            assertThat(lines.stream().filter(l -> l.startsWith("pacer: H_m_prev=")).toList()).hasSize(3)
                    .first().asString().startsWith("pacer: H_m_prev=2236962 h_t=+8.750000e-001 H_T=4194304 ");
            assertThat(lines).anyMatch(l -> l.startsWith("pacer: assist ratio="));
        } finally {
            trace.detachAppender(appender);
        }
    }

    @Test
    void layoutPrintsTheIndexMathForBothLayouts() {
        Result r = run("layout", "0xc000004000");
        assertThat(r.code()).isZero();
        // Go 1.14 amd64: arenaIndex(p) = (p + 1<<47) / heapArenaBytes.
        long linux = (0xc000004000L + (1L << 47)) >>> 26;
        long windows = (0xc000004000L + (1L << 47)) >>> 22;
        assertThat(r.out()).contains("linux/amd64").contains("windows/amd64")
                .contains("arena index     " + linux + " ")
                .contains("arena index     " + windows + " ")
                .contains("l1, l2          0, " + linux)
                .contains("l1, l2          " + (windows >>> 20) + ", " + (windows & ((1 << 20) - 1)))
                .contains("arena base      0xc000000000")
                .contains("page in arena   2")
                .contains("pageInUse byte  0, mask 0x04");
    }

    @Test
    void benchReprintsTheRatioTableOfAStudyRunWithoutRunningJmh() {
        Path root = Path.of(System.getProperty("mheap4j.root", ".."));
        Path json = root.resolve("docs/study-data/span-alloc-free.json");
        Result r = run("bench", "--from", json.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("PARENT").contains("SEED").contains("ALLOC_SPAN").contains("SpanAllocFreeBench");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulate", "compare", "bench", "layout"})
    void helpOnEachCommand(String cmd) {
        Result r = run(cmd, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: mheap4j " + cmd);
    }

    /** Each bad invocation: exit code 2, exactly one line on stderr, and the report directory never created. */
    @ParameterizedTest
    @ValueSource(strings = {"--frobnicate", "--gogc=-5", "--gogc=abc", "--heap=12XB", "--heap=lots",
            "--scenario=no-such-scenario", "--threads=0", "--cycles=0", "--mode=FAST"})
    void usageErrorsExitTwoWithOneLineAndWriteNothing(String bad) {
        Path report = dir.resolve("never");
        Result r = run("simulate", bad, "--report", report.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.errLines()).as(r.err()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("mheap4j simulate: ");
        assertThat(r.out()).doesNotContain("gc 1 ");
        assertThat(report).doesNotExist();
    }

    @Test
    void malformedScenarioFileExitsTwoNamingFileLineAndField() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, "name: x\nthreads: 2\nsizes:\n  - {min: 16, max: 64}\nphases:\n  - {cycles: 2, live: lots}\n");
        Path report = dir.resolve("never");
        Result r = run("compare", "-s", f.toString(), "--report", report.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains(f.toString()).contains("line 6").contains("field 'phases[0].live'");
        assertThat(report).doesNotExist();
    }

    @Test
    void negativeGogcIsRejectedButOffIsAccepted() {
        assertThat(run("simulate", "--gogc", "-1", "--help").code()).isEqualTo(2);
        Result off = run("simulate", "--gogc", "off", "--live", "4MiB", "--cycles", "2");
        assertThat(off.code()).as(off.err()).isZero();
        assertThat(off.out()).doesNotContain("gc 1 ").contains("cycles");
    }

    @Test
    void unknownSubcommandExitsTwo() {
        Result r = run("simulat");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.errLines()).hasSize(1);
    }
}

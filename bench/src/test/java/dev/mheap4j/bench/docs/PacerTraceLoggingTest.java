package dev.mheap4j.bench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mheap4j.pacer.GcPacer;
import dev.mheap4j.pacer.GcPhase;
import dev.mheap4j.pacer.HeapSnapshot;
import dev.mheap4j.pacer.PacerTrace;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The pacer's trace through a real SLF4J binding (bench is the only module with Logback): one line per decision,
 * and the first cycle shows gcinit's start-up state, as gctrace-format.md describes.
 */
class PacerTraceLoggingTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(PacerTrace.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private Level previous;

    @BeforeEach
    void attach() {
        previous = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
    }

    private List<String> lines(Level level) {
        return appender.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void firstCycleTracesTheStartupStateOneLinePerDecision() {
        GcPacer p = GcPacer.gcinit("100", HeapSnapshot.swept(0));
        assertThat(lines(Level.DEBUG)).containsExactly("pacer(mheap4j): GOGC=100 clamp=SEED"
                + " requested h_t=+8.750000e-001 h_t=+8.750000e-001 heap_marked=2236962 next_gc=4473924"
                + " gc_trigger=4194304 sweepPagesPerByte=+0.000000e+000");

        p.heapLock().lock();
        try {
            HeapSnapshot atTrigger = new HeapSnapshot(4_194_304, 1_000_000, 0, true, 4_194_304);
            p.setGcPhase(GcPhase.MARK);
            p.controller().startCycle(atTrigger, 2);
            p.controller().setMarkStartTime(0);
            double next = p.controller().endCycle(atTrigger.withHeapLive(4_400_000), false, 1_000_000, 2);
            p.setGcPhase(GcPhase.OFF);
            p.setHeapMarked(2_000_000);
            p.gcSetTriggerRatio(next, HeapSnapshot.swept(2_000_000));
        } finally {
            p.heapLock().unlock();
        }

        List<String> info = lines(Level.INFO);
        assertThat(info).hasSize(2);
        // startCycle raised the 4,473,924-byte goal to heap_live + 1 MiB = 5 MiB
        assertThat(info.get(0)).matches("pacer: assist ratio=\\+\\d\\.\\d{6}e[+-]\\d{3} \\(scan 0 MB in 4->5 MB\\)"
                + " workers=0\\+\\+2\\.500000e-001");
        assertThat(info.get(1)).startsWith("pacer: H_m_prev=2236962 h_t=+8.750000e-001 H_T=4194304 ");
        assertThat(lines(Level.DEBUG)).hasSize(2);
    }
}

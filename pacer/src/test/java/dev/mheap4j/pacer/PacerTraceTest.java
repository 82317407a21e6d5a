package dev.mheap4j.pacer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The gcpacertrace formatters against the seed's example lines (docs gctrace-format.md) and Go's printfloat. */
class PacerTraceTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "0.0 | +0.000000e+000",
            "-0.0 | -0.000000e+000",
            "1.0 | +1.000000e+000",
            "-1.0 | -1.000000e+000",
            "0.875 | +8.750000e-001",
            "0.25 | +2.500000e-001",
            "0.3 | +3.000000e-001",
            "1e-300 | +1.000000e-300",
            "1.7976931348623157e308 | +1.797693e+308",
            "123456789.0 | +1.234568e+008",
            // rounding carries into the exponent
            "9.9999999 | +1.000000e+001",
            "0.00017691350339 | +1.769135e-004",
            "NaN | NaN",
            "Infinity | +Inf",
            "-Infinity | -Inf",
    })
    void goFloat(double v, String expected) {
        assertThat(PacerTrace.goFloat(v)).isEqualTo(expected);
    }

    @Test
    void assistRatioLineMatchesTheSeedExample() {
        String line = PacerTrace.assistRatioLine(3.580492e-2, 100_000, 125L << 20, (128L << 20) + 4096, 0, 0.25);
        assertThat(line).isEqualTo(
                "pacer: assist ratio=+3.580492e-002 (scan 0 MB in 125->128 MB) workers=0++2.500000e-001");
    }

    @Test
    void endCycleLineMatchesTheSeedExample() {
        long heapMarkedPrev = 67_469_088L;
        long heapLive = 132_480_800L;
        double actualGrowth = (double) heapLive / heapMarkedPrev - 1;
        String line = PacerTrace.endCycleLine(heapMarkedPrev, 0.95, 131_564_721L, actualGrowth, heapLive, 1.0,
                0.3330515, 241_088);
        assertThat(line).isEqualTo("pacer: H_m_prev=67469088 h_t=+9.500000e-001 H_T=131564721 h_a=+9.635777e-001"
                + " H_a=132480800 h_g=+1.000000e+000 H_g=134938176 u_a=+3.330515e-001 u_g=+3.000000e-001"
                + " W_a=241088 goalΔ=+5.000000e-002 actualΔ=+1.357775e-002 u_a/u_g=+1.110172e+000");
    }

    @Test
    void sweepDoneLineMatchesTheSeedExample() {
        long heapLive = (66L << 20) + 12345;
        long basis = heapLive - (2L << 20) - 999;
        String line = PacerTrace.sweepDoneLine(heapLive, basis, 16_308, 2.586639e-4);
        assertThat(line).isEqualTo(
                "pacer: sweep done at heap size 66MB; allocated 2MB during sweep; swept 16308 pages at"
                        + " +2.586639e-004 pages/byte");
    }

    @Test
    void unsignedValuesPrintUnsigned() {
        String line = PacerTrace.endCycleLine(1000, 0.5, GcPacer.NEVER, 0.1, 1100, 0.5, 0.25, 0);
        assertThat(line).contains("H_T=18446744073709551615");
        assertThat(PacerTrace.assistRatioLine(0, 0, 0, GcPacer.NEVER, 1, 0))
                .contains("0->17592186044415 MB");
    }

    @Test
    void startupStateInTheTriggerLine() {
        GcPacer p = PacerFixtures.pacer("100", TriggerClamp.SEED);
        PacerFixtures.State s = PacerFixtures.State.of(p);
        String line = PacerTrace.triggerLine(s.gcpercent(), TriggerClamp.SEED, 0.875, s.triggerRatio(),
                s.heapMarked(), s.nextGC(), s.gcTrigger(), s.sweepPagesPerByte());
        assertThat(line).isEqualTo("pacer(mheap4j): GOGC=100 clamp=SEED requested h_t=+8.750000e-001"
                + " h_t=+8.750000e-001 heap_marked=2236962 next_gc=4473924 gc_trigger=4194304"
                + " sweepPagesPerByte=+0.000000e+000");
    }
}

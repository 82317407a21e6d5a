package dev.mheap4j.pacer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's uint64 and amd64 float conversions in a long. */
class Uint64Test {

    @Test
    void maxIsAllOnes() {
        assertThat(Uint64.toString(Uint64.MAX)).isEqualTo("18446744073709551615");
        assertThat(Uint64.greaterThan(Uint64.MAX, Long.MAX_VALUE)).isTrue();
        assertThat(Uint64.lessThan(0, Uint64.MAX)).isTrue();
    }

    @Test
    void amd64FloatToIntConversions() {
        assertThat(Uint64.int64FromFloat64(1.9)).isEqualTo(1);
        assertThat(Uint64.int64FromFloat64(-1.9)).isEqualTo(-1);
        assertThat(Uint64.int64FromFloat64(Double.NaN)).isEqualTo(Long.MIN_VALUE);
        assertThat(Uint64.int64FromFloat64(0x1p63)).as("Java would saturate to MAX").isEqualTo(Long.MIN_VALUE);
        assertThat(Uint64.int64FromFloat64(-0x1p63)).isEqualTo(Long.MIN_VALUE);
        assertThat(Uint64.fromFloat64(0x1p63)).isEqualTo(Long.MIN_VALUE);
        assertThat(Uint64.toString(Uint64.fromFloat64(0x1.8p63))).isEqualTo("13835058055282163712");
        assertThat(Uint64.fromFloat64(0x1p64)).as("out of range: 2^63").isEqualTo(Long.MIN_VALUE);
        assertThat(Uint64.fromFloat64(Double.NaN)).isEqualTo(Long.MIN_VALUE);
        assertThat(Uint64.fromFloat64(-1.0)).as("negative wraps").isEqualTo(-1L);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -1025, -2049, 0x7fff_ffff_ffff_fdffL})
    void toFloat64RoundsToNearest(long x) {
        assertThat(Uint64.toFloat64(x)).isEqualTo(exact(x));
    }

    @Test
    void toFloat64RoundsToNearestOnRandomValues() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            long x = random.nextLong();
            assertThat(Uint64.toFloat64(x)).as("seed %d x %s", seed, Uint64.toString(x)).isEqualTo(exact(x));
            double f = Uint64.toFloat64(x);
            if (f < 0x1p64) {
                assertThat(Uint64.toFloat64(Uint64.fromFloat64(f))).as("seed %d round trip %s", seed, f).isEqualTo(f);
            }
        }
    }

    private static double exact(long x) {
        return new BigDecimal(new BigInteger(Long.toUnsignedString(x))).doubleValue();
    }
}

package dev.mheap4j.pacer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** readgogc and atoi/atoi32, following Go's string.go rules character by character. */
class GogcTest {

    @ParameterizedTest(name = "GOGC=''{0}'' -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "off | -1",
            "100 | 100",
            "50 | 50",
            "200 | 200",
            "0 | 0",
            "007 | 7",
            "-1 | -1",
            "-50 | -50",
            "-0 | 0",
            // a lone '-' strips to the empty string, which atoi's loop accepts as 0
            "- | 0",
            // '+' is not a digit to Go's atoi
            "+50 | 100",
            "--5 | 100",
            "\" 100\" | 100",
            "\"100 \" | 100",
            "OFF | 100",
            "Off | 100",
            "1e3 | 100",
            "0x10 | 100",
            "1.5 | 100",
            "abc | 100",
            "2147483647 | 2147483647",
            "-2147483648 | -2147483648",
            // parses as an int but not an int32
            "2147483648 | 100",
            "-2147483649 | 100",
            "9223372036854775807 | 100",
            // overflows Go's 64-bit int
            "9223372036854775808 | 100",
            "18446744073709551616 | 100",
            "99999999999999999999 | 100",
    })
    void readgogc(String gogc, int expected) {
        assertThat(Gogc.readgogc(gogc)).as("GOGC=%s", gogc).isEqualTo(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    void unsetOrEmptyMeansDefault(String gogc) {
        assertThat(Gogc.readgogc(gogc)).isEqualTo(Gogc.DEFAULT_PERCENT);
    }

    @ParameterizedTest(name = "atoi(''{0}'') = {1}")
    @CsvSource(delimiter = '|', value = {
            "0 | 0",
            "- | 0",
            "-0 | 0",
            "9223372036854775807 | 9223372036854775807",
            "-9223372036854775808 | -9223372036854775808",
            "00000000000000000000000000000042 | 42",
    })
    void atoiAccepts(String s, long expected) {
        assertThat(Gogc.atoi(s)).isEqualTo(OptionalLong.of(expected));
    }

    @ParameterizedTest(name = "atoi(''{0}'') fails")
    @ValueSource(strings = {
            "", "+1", "1-", "--1", " 1", "1 ", "١", "１",
            "9223372036854775808", // > maxInt
            "-9223372036854775809", // < minInt
            "18446744073709551615", // fits the unsigned accumulator, not an int
            "18446744073709551616", // the final add wraps
            "99999999999999999999", // the multiply would wrap
    })
    void atoiRejects(String s) {
        assertThat(Gogc.atoi(s)).isEmpty();
    }

    @ParameterizedTest(name = "atoi32(''{0}'') fails")
    @ValueSource(strings = {"2147483648", "-2147483649", "4294967296", "9223372036854775807", "x"})
    void atoi32RejectsWhatDoesNotFitInt32(String s) {
        assertThat(Gogc.atoi32(s)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"- | 0", "off | -1", "+5 | 100", "-7 | -1", "2147483648 | 100"})
    void gcinitStoresWhatReadgogcSaysWithNegativeAsOff(String gogc, int stored) {
        assertThat(PacerFixtures.pacer(gogc, TriggerClamp.SEED).gcPercent()).isEqualTo(stored);
    }
}

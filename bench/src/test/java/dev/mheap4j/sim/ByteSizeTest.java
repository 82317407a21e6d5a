package dev.mheap4j.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizeTest {

    @ParameterizedTest
    @CsvSource({"4096,4096", "64KiB,65536", "64k,65536", "64KB,65536", "32MiB,33554432", "1.5GiB,1610612736",
            "1TiB,1099511627776", "1tib,1099511627776", "7B,7", "2 MiB,2097152"})
    void parses(String text, long bytes) {
        assertThat(ByteSize.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "12XB", "-5MiB", "0", "0.1", "1iB", "99999999999TiB", "MiB"})
    void rejectsNamingTheText(String text) {
        assertThatThrownBy(() -> ByteSize.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @org.junit.jupiter.api.Test
    void formats() {
        assertThat(ByteSize.format(512)).isEqualTo("512 B");
        assertThat(ByteSize.format(3L << 29)).isEqualTo("1.5 GiB");
        assertThat(ByteSize.format(1L << 40)).isEqualTo("1.0 TiB");
    }
}

package dev.mheap4j.bitmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageIndexTest {

    @Test
    void pageInArenaIsByteTimesEightPlusBit() {
        assertThat(new PageIndex(7, 0, (byte) 0x01).pageInArena()).isZero();
        assertThat(new PageIndex(7, 1023, (byte) 0x80).pageInArena()).isEqualTo(8191);
        assertThat(new PageIndex(7, 2, (byte) 0x08).pageInArena()).isEqualTo(19);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x03, 0xff, 0x81})
    void maskMustBeOneBit(int mask) {
        assertThatThrownBy(() -> new PageIndex(0, 0, (byte) mask)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x" + Integer.toHexString(mask));
    }

    @Test
    void negativeIndexesAreRejectedNamingThem() {
        assertThatThrownBy(() -> new PageIndex(-3, 0, (byte) 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-3");
        assertThatThrownBy(() -> new PageIndex(0, -4, (byte) 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-4");
    }
}

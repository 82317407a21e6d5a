package dev.mheap4j.heap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizeClassesTest {

    @Test
    void tableMatchesTheSeed() {
        assertThat(SizeClasses.classToSize(0)).isZero();
        assertThat(SizeClasses.classToSize(1)).isEqualTo(8);
        assertThat(SizeClasses.classToSize(4)).isEqualTo(48);
        assertThat(SizeClasses.classToSize(34)).isEqualTo(1408);
        assertThat(SizeClasses.classToAllocNPages(34)).isEqualTo(2);
        assertThat(SizeClasses.classToObjects(34)).isEqualTo(11);
        assertThat(SizeClasses.classToSize(66)).isEqualTo(32768);
        assertThat(SizeClasses.classToAllocNPages(66)).isEqualTo(4);
        assertThat(SpanClass.NUM_SPAN_CLASSES).isEqualTo(134);
        assertThat(SpanClass.TINY_SPAN_CLASS).isEqualTo(5);
    }

    @Test
    void objectsPerSpanIsSpanBytesOverSize() {
        for (int c = 1; c < SizeClasses.NUM_SIZE_CLASSES; c++) {
            long spanBytes = SizeClasses.classToAllocNPages(c) * HeapConstants.PAGE_SIZE;
            assertThat(SizeClasses.classToObjects(c)).as("class %d", c)
                    .isEqualTo((int) (spanBytes / SizeClasses.classToSize(c)));
            assertThat(SizeClasses.classToSize(c)).as("sizes increase").isGreaterThan(SizeClasses.classToSize(c - 1));
        }
    }

    @Test
    void sizeToClassIsTheSmallestClassThatFits() {
        for (int size = 1; size <= SizeClasses.MAX_SMALL_SIZE; size++) {
            int c = SizeClasses.sizeToClass(size);
            assertThat(SizeClasses.classToSize(c)).as("size %d", size).isGreaterThanOrEqualTo(size);
            assertThat(SizeClasses.classToSize(c - 1)).as("size %d", size).isLessThan(size);
        }
        assertThat(SizeClasses.sizeToClass(1024)).isEqualTo(31);
        assertThat(SizeClasses.sizeToClass(1025)).isEqualTo(32);
    }

    @Test
    void roundUpSize() {
        assertThat(SizeClasses.roundUpSize(0)).isZero();
        assertThat(SizeClasses.roundUpSize(17)).isEqualTo(32);
        assertThat(SizeClasses.roundUpSize(1000)).isEqualTo(1024);
        assertThat(SizeClasses.roundUpSize(32768)).isEqualTo(32768);
        assertThat(SizeClasses.roundUpSize(32769)).isEqualTo(40960);
    }

    @Test
    void badInputNamesTheValue() {
        assertThatThrownBy(() -> SizeClasses.sizeToClass(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size 0");
        assertThatThrownBy(() -> SizeClasses.sizeToClass(32769)).hasMessageContaining("32769");
        assertThatThrownBy(() -> SizeClasses.classToSize(67)).hasMessageContaining("67");
        assertThatThrownBy(() -> SizeClasses.roundUpSize(-5)).hasMessageContaining("-5");
        assertThatThrownBy(() -> SpanClass.make(-1, true)).isInstanceOf(IllegalArgumentException.class);
    }
}

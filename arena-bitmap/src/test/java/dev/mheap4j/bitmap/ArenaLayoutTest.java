package dev.mheap4j.bitmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ArenaLayoutTest {

    private static final ArenaLayout LINUX = ArenaLayout.LINUX_AMD64;
    private static final ArenaLayout WINDOWS = ArenaLayout.WINDOWS_AMD64;

    @Test
    void linuxAmd64ConstantsAreGos() {
        assertThat(LINUX.pageShift()).isEqualTo(13);
        assertThat(LINUX.pageSize()).isEqualTo(8192);
        assertThat(LINUX.logHeapArenaBytes()).isEqualTo(26);
        assertThat(LINUX.heapArenaBytes()).isEqualTo(67_108_864L);
        assertThat(LINUX.pagesPerArena()).isEqualTo(8192);
        assertThat(LINUX.pageBitmapBytes()).isEqualTo(1024);
        assertThat(LINUX.heapAddrBits()).isEqualTo(48);
        assertThat(LINUX.arenaL1Bits()).isZero();
        assertThat(LINUX.arenaL2Bits()).isEqualTo(22);
        assertThat(LINUX.arenaL1Shift()).isEqualTo(22);
        assertThat(LINUX.arenaBits()).isEqualTo(22);
        assertThat(LINUX.arenaBaseOffset()).isEqualTo(140_737_488_355_328L);
        assertThat(LINUX.arenaCount()).isEqualTo(4_194_304L);
        assertThat(LINUX.maxArenaIndex()).isEqualTo(4_194_303L);
    }

    @Test
    void windowsAmd64ConstantsAreGos() {
        // malloc.go: logHeapArenaBytes = (2+20) for 64-bit Windows, arenaL1Bits = 6, arenaL2Bits = 48 - 22 - 6.
        assertThat(WINDOWS.pageSize()).isEqualTo(8192);
        assertThat(WINDOWS.logHeapArenaBytes()).isEqualTo(22);
        assertThat(WINDOWS.heapArenaBytes()).isEqualTo(4_194_304L);
        assertThat(WINDOWS.pagesPerArena()).isEqualTo(512);
        assertThat(WINDOWS.pageBitmapBytes()).isEqualTo(64);
        assertThat(WINDOWS.heapAddrBits()).isEqualTo(48);
        assertThat(WINDOWS.arenaL1Bits()).isEqualTo(6);
        assertThat(WINDOWS.arenaL2Bits()).isEqualTo(20);
        assertThat(WINDOWS.arenaL1Shift()).isEqualTo(20);
        assertThat(WINDOWS.arenaBits()).isEqualTo(26);
        assertThat(WINDOWS.arenaBaseOffset()).isEqualTo(1L << 47);
    }

    /** Spec §1.4 worked vectors (linux/amd64): address, arenaIndex, byte index, mask, arena base. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "0xc000000000, 2109440, 0,    0x01, 0xc000000000",
            "0xc000002000, 2109440, 0,    0x02, 0xc000000000",
            "0xc00000e000, 2109440, 0,    0x80, 0xc000000000",
            "0xc000010000, 2109440, 1,    0x01, 0xc000000000",
            "0xc00000a064, 2109440, 0,    0x20, 0xc000000000",
            "0xc003ffe000, 2109440, 1023, 0x80, 0xc000000000",
            "0xc004000000, 2109441, 0,    0x01, 0xc004000000",
    })
    void specWorkedVectors(String addrHex, long arenaIndex, int byteIndex, String maskHex, String baseHex) {
        long addr = Long.decode(addrHex);
        byte mask = (byte) (int) Integer.decode(maskHex);
        assertThat(LINUX.arenaIndex(addr)).isEqualTo(arenaIndex);
        assertThat(LINUX.arenaBase(arenaIndex)).isEqualTo(Long.decode(baseHex));
        assertThat(LINUX.pageIndexOf(addr)).isEqualTo(new PageIndex(arenaIndex, byteIndex, mask));
        assertThat(LINUX.pageByteIndex(addr)).isEqualTo(byteIndex);
        assertThat(LINUX.pageMask(addr)).isEqualTo(mask);
        assertThat(LINUX.l1(arenaIndex)).isZero();
        assertThat(LINUX.l2(arenaIndex)).isEqualTo((int) arenaIndex);
    }

    @Test
    void firstWorkedVectorArenaIndexIsHex203000() {
        assertThat(LINUX.arenaIndex(0xc000000000L)).isEqualTo(0x203000L);
    }

    /** windows/amd64: address, arenaIndex, l1, l2, byte index, mask; computed by hand from malloc.go's formulas. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // (0xc000000000 + 2^47) >> 22 = 0x2030000; l1 = 0x2030000 >> 20 = 0x20; l2 = low 20 bits = 0x30000
            "0xc000000000,       0x2030000, 0x20, 0x30000, 0,  0x01",
            // last page of that 4 MiB arena: page 511 -> byte 63, bit 7
            "0xc0003fe000,       0x2030000, 0x20, 0x30000, 63, 0x80",
            "0xc000400000,       0x2030001, 0x20, 0x30001, 0,  0x01",
            // lowest canonical address -2^47 is arena 0; highest 2^47-1 is arena 2^26-1
            "0xffff800000000000, 0x0,       0x0,  0x0,     0,  0x01",
            "0x00007fffffffffff, 0x3ffffff, 0x3f, 0xfffff, 63, 0x80",
            // address 0 sits at offset 2^47: arena 2^25, the first arena of L1 entry 32; -4096 is the last page below it
            "0x0000000000000000, 0x2000000, 0x20, 0x0,     0,  0x01",
            "0xfffffffffffff000, 0x1ffffff, 0x1f, 0xfffff, 63, 0x80",
    })
    void windowsL1L2Split(String addrHex, String arenaHex, String l1Hex, String l2Hex, int byteIndex,
                          String maskHex) {
        long addr = Long.parseUnsignedLong(addrHex.substring(2), 16);
        long arenaIndex = Long.decode(arenaHex);
        assertThat(WINDOWS.arenaIndex(addr)).isEqualTo(arenaIndex);
        assertThat(WINDOWS.l1(arenaIndex)).isEqualTo(Integer.decode(l1Hex));
        assertThat(WINDOWS.l2(arenaIndex)).isEqualTo(Integer.decode(l2Hex));
        assertThat(WINDOWS.pageByteIndex(addr)).isEqualTo(byteIndex);
        assertThat(WINDOWS.pageMask(addr)).isEqualTo((byte) (int) Integer.decode(maskHex));
        assertThat(Long.compareUnsigned(WINDOWS.arenaBase(arenaIndex), addr)).isLessThanOrEqualTo(0);
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                Arguments.of(LINUX),
                Arguments.of(WINDOWS),
                Arguments.of(ArenaLayout.of("tiny", 16, 1024, 16, 2, 4, 0x4000)),
                Arguments.of(ArenaLayout.of("no-offset", 4096, 1L << 20, 40, 3, 17, 0)));
    }

    /** Round trips over random in-space addresses: base <= a < base + arenaBytes, and the page math agrees. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void roundTripsOnRandomAddresses(ArenaLayout layout) {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++) {
            long offsetAddr = random.nextLong() >>> (64 - layout.heapAddrBits());
            long a = offsetAddr - layout.arenaBaseOffset();
            String why = "seed=" + seed + " layout=" + layout.name() + " addr=0x" + Long.toHexString(a);

            assertThat(layout.contains(a)).as(why).isTrue();
            long ai = layout.arenaIndex(a);
            assertThat(ai).as(why).isBetween(0L, layout.maxArenaIndex());
            long base = layout.arenaBase(ai);
            // Compare in the offset space, where addresses are ordered like unsigned numbers from 0.
            long baseOff = base + layout.arenaBaseOffset();
            assertThat(baseOff).as(why).isLessThanOrEqualTo(offsetAddr);
            assertThat(offsetAddr).as(why).isLessThan(baseOff + layout.heapArenaBytes());
            assertThat(layout.arenaIndex(base)).as(why).isEqualTo(ai);

            long recomposed = ((long) layout.l1(ai) << layout.arenaL1Shift()) | layout.l2(ai);
            assertThat(recomposed).as(why).isEqualTo(ai);
            assertThat(layout.l1(ai)).as(why).isLessThan(1 << layout.arenaL1Bits());

            int page = layout.pageInArena(a);
            assertThat((long) page).as(why).isEqualTo((offsetAddr - baseOff) / layout.pageSize());
            PageIndex pi = layout.pageIndexOf(a);
            assertThat(pi.arenaIndex()).as(why).isEqualTo(ai);
            assertThat(pi.byteIndex()).as(why).isEqualTo(layout.pageByteIndex(a)).isEqualTo(page / 8)
                    .isLessThan(layout.pageBitmapBytes());
            assertThat(pi.mask()).as(why).isEqualTo(layout.pageMask(a)).isEqualTo((byte) (1 << (page % 8)));
            assertThat(pi.pageInArena()).as(why).isEqualTo(page);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void arenaBaseOfEveryEdgeIndexMapsBack(ArenaLayout layout) {
        for (long ai : new long[] {0, 1, layout.maxArenaIndex() - 1, layout.maxArenaIndex()}) {
            long base = layout.arenaBase(ai);
            assertThat(layout.arenaIndex(base)).as("arena %d", ai).isEqualTo(ai);
            assertThat(layout.pageInArena(base)).isZero();
            assertThat(layout.pageInArena(base + layout.heapArenaBytes() - 1)).isEqualTo(layout.pagesPerArena() - 1);
        }
    }

    @Test
    void tinyLayoutIndexMath() {
        // pages of 16 bytes, arenas of 1024 bytes (64 pages, 8 bitmap bytes), 16-bit space, offset 0x4000.
        ArenaLayout tiny = ArenaLayout.of("tiny", 16, 1024, 16, 2, 4, 0x4000);
        assertThat(tiny.pagesPerArena()).isEqualTo(64);
        assertThat(tiny.pageBitmapBytes()).isEqualTo(8);
        assertThat(tiny.arenaCount()).isEqualTo(64);
        // 0x0130: (0x0130 + 0x4000) >> 10 = 0x10 -> l1 = 1, l2 = 0; page (0x130 >> 4) % 64 = 19 -> byte 2, bit 3
        assertThat(tiny.arenaIndex(0x0130)).isEqualTo(0x10);
        assertThat(tiny.l1(0x10)).isEqualTo(1);
        assertThat(tiny.l2(0x10)).isZero();
        assertThat(tiny.pageIndexOf(0x0130)).isEqualTo(new PageIndex(0x10, 2, (byte) 0x08));
        assertThat(tiny.arenaBase(0x10)).isEqualTo(0);
        assertThat(tiny.arenaBase(0)).isEqualTo(-0x4000L);
        assertThat(tiny.contains(0xbfff)).isTrue();
        assertThat(tiny.contains(0xc000)).isFalse();
        assertThat(tiny.contains(-0x4000)).isTrue();
        assertThat(tiny.contains(-0x4001)).isFalse();
    }

    @ParameterizedTest(name = "0x{0}")
    @CsvSource({"0000800000000000", "ffff7fffffffffff", "7fffffffffffffff", "8000000000000000", "0001000000000000"})
    void addressOutsideTheLayoutIsRejectedNamingIt(String hex) {
        long addr = Long.parseUnsignedLong(hex, 16);
        String named = Long.toHexString(addr);
        assertThat(LINUX.contains(addr)).isFalse();
        assertThatThrownBy(() -> LINUX.arenaIndex(addr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x" + named);
        assertThatThrownBy(() -> LINUX.pageIndexOf(addr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x" + named);
        assertThatThrownBy(() -> LINUX.pageByteIndex(addr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x" + named);
        assertThatThrownBy(() -> LINUX.pageMask(addr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x" + named);
        assertThatThrownBy(() -> LINUX.pageInArena(addr)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x" + named);
    }

    @Test
    void canonicalEdgesAreInside() {
        assertThat(LINUX.contains(0x7fffffffffffL)).isTrue();
        assertThat(LINUX.contains(0xffff800000000000L)).isTrue();
        assertThat(LINUX.arenaIndex(0xffff800000000000L)).isZero();
        assertThat(LINUX.arenaIndex(0x7fffffffffffL)).isEqualTo(LINUX.maxArenaIndex());
    }

    @ParameterizedTest
    @CsvSource({"-1", "4194304", "-9223372036854775808"})
    void arenaIndexOutOfRangeIsRejectedNamingIt(long ai) {
        assertThatThrownBy(() -> LINUX.arenaBase(ai)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arena index " + ai);
        assertThatThrownBy(() -> LINUX.l1(ai)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arena index " + ai);
        assertThatThrownBy(() -> LINUX.l2(ai)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arena index " + ai);
    }

    /** Each row: name, pageSize, arenaBytes, heapAddrBits, l1, l2, offset, text the message must contain. */
    @ParameterizedTest(name = "{7}")
    @CsvSource(delimiter = '|', value = {
            "''   | 16 | 1024 | 16 | 2 | 4 | 0      | layout name must not be empty",
            "' '  | 16 | 1024 | 16 | 2 | 4 | 0      | layout name must not be empty",
            "bad  | 0  | 1024 | 16 | 2 | 4 | 0      | pageSize must be a power of two >= 8, got 0",
            "bad  | 24 | 1024 | 16 | 2 | 4 | 0      | pageSize must be a power of two >= 8, got 24",
            "bad  | 4  | 1024 | 16 | 2 | 4 | 0      | pageSize must be a power of two >= 8, got 4",
            "bad  | 16 | 1000 | 16 | 2 | 4 | 0      | heapArenaBytes must be a power of two, got 1000",
            "bad  | 16 | -1024| 16 | 2 | 4 | 0      | heapArenaBytes must be a power of two, got -1024",
            "bad  | 16 | 8    | 16 | 2 | 4 | 0      | heapArenaBytes 8 must hold at least 64 pages",
            "bad  | 16 | 512  | 16 | 2 | 4 | 0      | heapArenaBytes 512 must hold at least 64 pages",
            "bad  | 16 | 1024 | 10 | 0 | 1 | 0      | heapAddrBits must be in (10, 63], got 10",
            "bad  | 16 | 1024 | 64 | 2 | 4 | 0      | heapAddrBits must be in (10, 63], got 64",
            "bad  | 16 | 1024 | 16 | -1| 7 | 0      | arenaL1Bits must be in [0, 31], got -1",
            "bad  | 16 | 1024 | 16 | 6 | 0 | 0      | arenaL2Bits must be in [1, 31], got 0",
            "bad  | 16 | 1024 | 16 | 2 | 5 | 0      | arenaL1Bits 2 + arenaL2Bits 5 must equal heapAddrBits - logHeapArenaBytes = 16 - 10 = 6",
            "bad  | 16 | 1024 | 16 | 0 | 4 | 0      | arenaL1Bits 0 + arenaL2Bits 4 must equal",
            "bad  | 16 | 1024 | 16 | 2 | 4 | 0x200  | got 0x200",
            "bad  | 16 | 1024 | 16 | 2 | 4 | 0x10000| got 0x10000",
            "bad  | 16 | 1024 | 16 | 2 | 4 | -1024  | got 0xfffffffffffffc00",
    })
    void invalidCustomLayoutIsRejectedNamingTheValue(String name, long pageSize, long arenaBytes, int addrBits,
                                                       int l1, int l2, String offset, String message) {
        long off = offset.startsWith("-") ? Long.parseLong(offset) : Long.decode(offset);
        assertThatThrownBy(() -> ArenaLayout.of(name, pageSize, arenaBytes, addrBits, l1, l2, off))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nullNameIsRejected() {
        assertThatThrownBy(() -> ArenaLayout.of(null, 16, 1024, 16, 2, 4, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'null'");
    }

    @RepeatedTest(3)
    void hotPathComponentsAgreeWithRecordOnWindows(RepetitionInfo info) {
        long seed = 0x5eedL * info.getCurrentRepetition() + System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 5_000; i++) {
            long a = (random.nextLong() >>> 16) - WINDOWS.arenaBaseOffset();
            PageIndex pi = WINDOWS.pageIndexOf(a);
            assertThat(pi.byteIndex()).as("seed=%d addr=0x%x", seed, a).isEqualTo(WINDOWS.pageByteIndex(a))
                    .isLessThan(64);
            assertThat(pi.mask()).as("seed=%d addr=0x%x", seed, a).isEqualTo(WINDOWS.pageMask(a));
        }
    }
}

package dev.mheap4j.bitmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The functional contract of {@link ByteBitmap}; every {@link BitmapKind} must pass all of it. */
class ByteBitmapContractTest {

    private static byte[] snapshot(ByteBitmap b) {
        byte[] copy = new byte[b.sizeBytes()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = b.load8(i);
        }
        return copy;
    }

    private static ByteBitmap randomFilled(BitmapKind kind, int size, SplittableRandom random) {
        ByteBitmap b = kind.create(size);
        for (int i = 0; i < size; i++) {
            b.store8(i, (byte) random.nextInt(256));
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void kindCreatesItsImplementation(BitmapKind kind) {
        ByteBitmap b = kind.create(64);
        assertThat(b).isInstanceOf(kind == BitmapKind.ATOMIC ? AtomicByteBitmap.class : PlainByteBitmap.class);
    }

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void startsZeroedWithTheRequestedSize(BitmapKind kind) {
        ByteBitmap b = kind.create(1024);
        assertThat(b.sizeBytes()).isEqualTo(1024);
        assertThat(snapshot(b)).containsOnly(0);
        for (int w = 0; w < 128; w++) {
            assertThat(b.load64(w)).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void or8SetsOnlyTheMaskBitsAndAnd8KeepsOnlyTheMaskBits(BitmapKind kind) {
        ByteBitmap b = kind.create(16);
        b.or8(3, (byte) 0x01);
        b.or8(3, (byte) 0x80);
        b.or8(3, (byte) 0x01);
        assertThat(b.load8(3)).isEqualTo((byte) 0x81);
        assertThat(b.load8(2)).isZero();
        assertThat(b.load8(4)).isZero();
        b.and8(3, (byte) ~0x01);
        assertThat(b.load8(3)).isEqualTo((byte) 0x80);
        b.and8(3, (byte) ~0x80);
        assertThat(b.load8(3)).isZero();
        b.store8(15, (byte) 0xf0);
        b.and8(15, (byte) 0x3c);
        assertThat(b.load8(15)).isEqualTo((byte) 0x30);
    }

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void load64IsLittleEndian(BitmapKind kind) {
        ByteBitmap b = kind.create(24);
        b.store8(8, (byte) 0x01);
        b.store8(15, (byte) 0x80);
        assertThat(b.load64(0)).isZero();
        assertThat(b.load64(1)).isEqualTo(0x8000_0000_0000_0001L);
        assertThat(b.load64(2)).isZero();
    }

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void load64AgreesWithEightLoad8s(BitmapKind kind) {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            int size = 8 * (1 + random.nextInt(128));
            ByteBitmap b = randomFilled(kind, size, random);
            for (int w = 0; w < size / 8; w++) {
                long expected = 0;
                for (int i = 0; i < 8; i++) {
                    expected |= (b.load8(8 * w + i) & 0xffL) << (8 * i);
                }
                assertThat(b.load64(w)).as("seed=%d size=%d word=%d", seed, size, w).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void clearZeroesEveryByte(BitmapKind kind) {
        long seed = System.nanoTime();
        ByteBitmap b = randomFilled(kind, 1024, new SplittableRandom(seed));
        b.or8(0, (byte) 1);
        b.clear();
        assertThat(snapshot(b)).as("seed=%d", seed).containsOnly(0);
    }

    /** Random or8/and8/store8 sequences against a byte[] model. */
    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void randomOperationsMatchAByteArrayModel(BitmapKind kind) {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        int size = 64;
        ByteBitmap b = kind.create(size);
        byte[] model = new byte[size];
        for (int step = 0; step < 20_000; step++) {
            int i = random.nextInt(size);
            byte v = (byte) random.nextInt(256);
            switch (random.nextInt(3)) {
                case 0 -> {
                    b.or8(i, v);
                    model[i] |= v;
                }
                case 1 -> {
                    b.and8(i, v);
                    model[i] &= v;
                }
                default -> {
                    b.store8(i, v);
                    model[i] = v;
                }
            }
            assertThat(b.load8(i)).as("seed=%d step=%d index=%d", seed, step, i).isEqualTo(model[i]);
        }
        assertThat(snapshot(b)).as("seed=%d", seed).isEqualTo(model);
    }

    @ParameterizedTest
    @EnumSource(BitmapKind.class)
    void byteIndexOutOfRangeIsRejectedNamingIndexAndSizeAndChangesNothing(BitmapKind kind) {
        long seed = System.nanoTime();
        ByteBitmap b = randomFilled(kind, 32, new SplittableRandom(seed));
        byte[] before = snapshot(b);
        for (int bad : new int[] {-1, 32, 33, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            String index = "byte index " + bad + " is outside [0, 32)";
            rejects(b, x -> x.or8(bad, (byte) 0xff), index);
            rejects(b, x -> x.and8(bad, (byte) 0), index);
            rejects(b, x -> x.store8(bad, (byte) 0x55), index);
            rejects(b, x -> x.load8(bad), index);
        }
        for (int bad : new int[] {-1, 4, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            rejects(b, x -> x.load64(bad), "word index " + bad + " is outside [0, 4)");
        }
        assertThat(snapshot(b)).as("seed=%d: unchanged", seed).isEqualTo(before);
    }

    private static void rejects(ByteBitmap b, Consumer<ByteBitmap> op, String message) {
        assertThatThrownBy(() -> op.accept(b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message).hasMessageContaining("32-byte bitmap");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -8, 12, 1, Integer.MIN_VALUE})
    void sizeMustBeAPositiveMultipleOfEight(int size) {
        for (BitmapKind kind : BitmapKind.values()) {
            assertThatThrownBy(() -> kind.create(size)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("got " + size);
        }
    }
}

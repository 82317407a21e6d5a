package dev.mheap4j.pacer;

/**
 * Go's {@code uint64} held in a Java {@code long}, and Go's float conversions as linux/amd64 performs them.
 *
 * <p>Representation: a {@code long} is read as an unsigned 64-bit value, so {@code -1L} is Go's {@code ^uint64(0)}
 * (2<sup>64</sup>-1), written {@link #MAX}. Addition, subtraction and multiplication wrap exactly like Go's; division,
 * comparison and printing must use {@link Long#divideUnsigned}, {@link Long#compareUnsigned} and
 * {@link Long#toUnsignedString}, which this class names for the pacer.
 *
 * <p>Go leaves out-of-range float-to-integer conversions implementation-specific; the pacer depends on what amd64
 * does (the "gc_trigger underflow" check exists because of it), so {@link #fromFloat64} and {@link #int64FromFloat64}
 * reproduce the amd64 instruction sequences rather than Java's saturating casts.
 */
public final class Uint64 {

    /** Go's {@code ^uint64(0)}, 2<sup>64</sup>-1, as a {@code long}: {@code -1L}. */
    public static final long MAX = -1L;

    private static final double TWO_TO_63 = 0x1p63;

    private Uint64() {
    }

    /**
     * Go's {@code float64(x)} for a {@code uint64} {@code x}, rounded to nearest like Go: values at or above
     * 2<sup>63</sup> are halved (keeping the lost bit as a sticky bit so rounding stays correct) and doubled back.
     */
    public static double toFloat64(long x) {
        if (x >= 0) {
            return (double) x;
        }
        return (double) ((x >>> 1) | (x & 1)) * 2.0;
    }

    /**
     * Go's {@code int64(f)} on amd64 ({@code CVTTSD2SQ}): truncation toward zero; NaN and values outside the int64
     * range give {@link Long#MIN_VALUE} (the instruction's "integer indefinite"), where a Java cast would saturate.
     */
    public static long int64FromFloat64(double f) {
        if (f != f || f >= TWO_TO_63 || f < -TWO_TO_63) {
            return Long.MIN_VALUE;
        }
        return (long) f;
    }

    /**
     * Go's {@code uint64(f)} on amd64: below 2<sup>63</sup> it is the int64 conversion (so a negative {@code f}
     * wraps); otherwise 2<sup>63</sup> is subtracted, converted, and the top bit set again. NaN and values at or
     * above 2<sup>64</sup> therefore give 2<sup>63</sup> ({@code Long.MIN_VALUE}).
     */
    public static long fromFloat64(double f) {
        if (f < TWO_TO_63) {
            return int64FromFloat64(f);
        }
        return int64FromFloat64(f - TWO_TO_63) | Long.MIN_VALUE;
    }

    /** Unsigned {@code a > b}. */
    public static boolean greaterThan(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    /** Unsigned {@code a < b}. */
    public static boolean lessThan(long a, long b) {
        return Long.compareUnsigned(a, b) < 0;
    }

    /** Unsigned division, Go's {@code a / b} on uint64. */
    public static long divide(long a, long b) {
        return Long.divideUnsigned(a, b);
    }

    /** Decimal text of the unsigned value, as Go's print and fmt show a uint64. */
    public static String toString(long x) {
        return Long.toUnsignedString(x);
    }
}

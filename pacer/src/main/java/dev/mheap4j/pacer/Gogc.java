package dev.mheap4j.pacer;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reading the GOGC setting the way the seed's runtime does. A GOGC string is never an error: text Go cannot parse
 * means the default 100.
 *
 * <p>Go parses with its own small {@code atoi}, not {@code strconv}, so some strings behave unexpectedly and are
 * reproduced on purpose: a leading {@code '+'} is not accepted (so "+50" means 100), a lone {@code "-"} parses as 0
 * (so GOGC=- collects continuously), spaces are not trimmed, and a number that does not fit in an int32 (such as
 * "2147483648") means 100, while any int32, including {@link Integer#MIN_VALUE}, is taken as given (every negative
 * value later means "off").
 */
public final class Gogc {

    /** GOGC's default, and what any unparsable string means. */
    public static final int DEFAULT_PERCENT = 100;

    /** The value Go stores for "GC off" (any negative setting becomes this in setGCPercent). */
    public static final int OFF = -1;

    private Gogc() {
    }

    /**
     * The GC percent the runtime starts with, given the GOGC environment value.
     *
     * @param gogc the variable's text; {@code null} (unset) reads as the empty string, as Go's getenv returns
     * @return -1 for "off", the parsed int32 when it parses, otherwise 100
     * @mirrors mgc.go:readgogc
     */
    public static int readgogc(String gogc) {
        String p = gogc == null ? "" : gogc;
        if (p.equals("off")) {
            return OFF;
        }
        OptionalInt n = atoi32(p);
        return n.isPresent() ? n.getAsInt() : DEFAULT_PERCENT;
    }

    /**
     * Parses an optionally negative decimal integer that must fit in Go's 64-bit {@code int}.
     *
     * <p>Empty means failure; a leading '-' is stripped once (and what remains may be empty, which parses as 0);
     * any other non-digit fails; unsigned overflow of the accumulated value fails; the result must lie in
     * [-2<sup>63</sup>, 2<sup>63</sup>-1].
     *
     * @mirrors string.go:atoi
     */
    public static OptionalLong atoi(String s) {
        if (s.isEmpty()) {
            return OptionalLong.empty();
        }
        boolean neg = false;
        int start = 0;
        if (s.charAt(0) == '-') {
            neg = true;
            start = 1;
        }
        final long maxUintDiv10 = Long.divideUnsigned(Uint64.MAX, 10);
        long un = 0; // a uint, unsigned arithmetic
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            if (Uint64.greaterThan(un, maxUintDiv10)) {
                return OptionalLong.empty(); // the multiply below would overflow
            }
            un *= 10;
            long un1 = un + (c - '0');
            if (Uint64.lessThan(un1, un)) {
                return OptionalLong.empty(); // the add overflowed
            }
            un = un1;
        }
        if (!neg && Uint64.greaterThan(un, Long.MAX_VALUE)) {
            return OptionalLong.empty();
        }
        if (neg && Uint64.greaterThan(un, Long.MIN_VALUE)) { // Long.MIN_VALUE read unsigned is maxInt+1
            return OptionalLong.empty();
        }
        return OptionalLong.of(neg ? -un : un);
    }

    /**
     * {@link #atoi} restricted to values that survive a round trip through int32.
     *
     * @mirrors string.go:atoi32
     */
    public static OptionalInt atoi32(String s) {
        OptionalLong n = atoi(s);
        if (n.isPresent() && n.getAsLong() == (int) n.getAsLong()) {
            return OptionalInt.of((int) n.getAsLong());
        }
        return OptionalInt.empty();
    }
}

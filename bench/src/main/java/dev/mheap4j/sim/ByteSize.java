package dev.mheap4j.sim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts written the way people write them: {@code 4096}, {@code 64KiB}, {@code 32MiB}, {@code 1TiB}. Units are
 * binary whatever their spelling ({@code k}, {@code KB}, {@code KiB} all mean 1024), as in Go's gctrace, where "MB"
 * is bytes >> 20.
 */
public final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b)?", Pattern.CASE_INSENSITIVE);

    private ByteSize() {
    }

    /**
     * Parses {@code text} into bytes.
     *
     * @throws IllegalArgumentException naming the text when it is not a size, is not positive or overflows a long
     */
    public static long parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("size is missing");
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 4096, 64KiB, 32MiB, 1TiB)");
        }
        String unit = m.group(2).toLowerCase(Locale.ROOT);
        if (unit.isEmpty() && m.group(3) != null && m.group(3).toLowerCase(Locale.ROOT).startsWith("i")) {
            throw new IllegalArgumentException("'" + text + "' is not a size (examples: 4096, 64KiB, 32MiB, 1TiB)");
        }
        int shift = switch (unit) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        java.math.BigDecimal bytes = new java.math.BigDecimal(m.group(1)).multiply(java.math.BigDecimal.valueOf(1L << shift));
        if (bytes.compareTo(java.math.BigDecimal.ONE) < 0 || bytes.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is not a size of at least 1 byte that fits in 63 bits");
        }
        return bytes.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
    }

    /** Formats {@code bytes} with the largest binary unit that keeps one or more whole units, e.g. "1.5 GiB". */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

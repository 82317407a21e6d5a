package dev.mheap4j.bench.cli;

import dev.mheap4j.sim.ByteSize;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the options' values; a bad value becomes a usage error (exit code 2). */
final class Converters {

    private Converters() {
    }

    /** A byte size such as 1TiB or 512MiB. */
    static final class Size implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ByteSize.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * GOGC: "off" or a whole number from 0 up. Go itself reads any other text as 100 and a negative number as off;
     * on the command line those are taken to be mistakes.
     */
    static final class Gogc implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.equals("off")) {
                return value;
            }
            try {
                int v = Integer.parseInt(value);
                if (v >= 0) {
                    return Integer.toString(v);
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new TypeConversionException("'" + value + "' is not a GOGC value (\"off\" or a whole number >= 0)");
        }
    }
}

package dev.mheap4j.bitmap;

/** Argument checks shared by the {@link ByteBitmap} implementations; kept out of line so the fast path stays short. */
final class BitmapChecks {

    private BitmapChecks() {
    }

    /** Validates a bitmap size: positive and a multiple of 8 (so {@code load64} covers it exactly). */
    static int checkSize(int sizeBytes) {
        if (sizeBytes <= 0 || (sizeBytes & 7) != 0) {
            throw new IllegalArgumentException("bitmap size must be a positive multiple of 8 bytes, got " + sizeBytes);
        }
        return sizeBytes;
    }

    static IllegalArgumentException badByteIndex(int byteIndex, int sizeBytes) {
        return new IllegalArgumentException("byte index " + byteIndex + " is outside [0, " + sizeBytes
                + ") of a " + sizeBytes + "-byte bitmap");
    }

    static IllegalArgumentException badWordIndex(int wordIndex, int sizeBytes) {
        return new IllegalArgumentException("word index " + wordIndex + " is outside [0, " + (sizeBytes >>> 3)
                + ") of a " + sizeBytes + "-byte bitmap");
    }
}

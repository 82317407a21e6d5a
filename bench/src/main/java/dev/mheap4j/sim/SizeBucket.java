package dev.mheap4j.sim;

/**
 * One part of an object-size distribution: sizes uniform in {@code [min, max]} bytes, picked with relative
 * {@code weight}.
 */
public record SizeBucket(long min, long max, double weight) {

    public SizeBucket {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("size bucket needs 1 <= min <= max, got min " + min + " max " + max);
        }
        if (!(weight > 0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException("size bucket weight must be positive, got " + weight);
        }
    }
}

package dev.mheap4j.heap;

/**
 * A span class packs a size class and a "no pointers" flag into one small integer: {@code sizeclass << 1 | noscan}.
 * There are 134 of them; each has its own mcentral.
 *
 * @mirrors mheap.go:spanClass
 */
public final class SpanClass {

    /** @mirrors mheap.go:numSpanClasses */
    public static final int NUM_SPAN_CLASSES = SizeClasses.NUM_SIZE_CLASSES << 1;

    /**
     * The span class of tiny allocations (size class 2, noscan).
     *
     * @mirrors mheap.go:tinySpanClass
     */
    public static final int TINY_SPAN_CLASS = make(2, true);

    private SpanClass() {
    }

    /** @mirrors mheap.go:makeSpanClass */
    public static int make(int sizeclass, boolean noscan) {
        if (sizeclass < 0 || sizeclass >= SizeClasses.NUM_SIZE_CLASSES) {
            throw new IllegalArgumentException("size class " + sizeclass + " out of range");
        }
        return sizeclass << 1 | (noscan ? 1 : 0);
    }

    /** @mirrors mheap.go:spanClass.sizeclass */
    public static int sizeclass(int spanclass) {
        return spanclass >>> 1;
    }

    /** @mirrors mheap.go:spanClass.noscan */
    public static boolean noscan(int spanclass) {
        return (spanclass & 1) != 0;
    }
}

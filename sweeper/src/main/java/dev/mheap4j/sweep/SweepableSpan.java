package dev.mheap4j.sweep;

/**
 * What the sweeper needs of a span: its sweep generation, with Go's atomic load, store and compare-and-swap, and
 * its size. Everything else about sweeping a span is the heap's business ({@link SweepableHeap#sweepSpan}).
 *
 * @mirrors mheap.go:mspan.sweepgen
 */
public interface SweepableSpan {

    /** Volatile load of the span's sweep generation. */
    int sweepgen();

    /** Volatile store of the span's sweep generation. */
    void storeSweepgen(int value);

    /** Atomic compare-and-set of the span's sweep generation. */
    boolean casSweepgen(int expected, int value);

    /** Pages in the span. */
    long npages();
}

package dev.mheap4j.heap;

import java.util.function.LongConsumer;

/**
 * The live objects of a simulated program, as the mark phase needs them: the model has no pointers to trace, so
 * whoever drives the heap names the objects that are still reachable. Called with the world stopped.
 */
@FunctionalInterface
public interface Roots {

    /** Passes the address of every live object to {@code mark}; an object may be named more than once. */
    void forEachLive(LongConsumer mark);

    /** No live objects: everything allocated so far is garbage. */
    Roots NONE = mark -> { };
}

package dev.mheap4j.heap;

/**
 * The heap could not grow: the simulated memory limit or the address space is used up. Go prints
 * "runtime: out of memory: cannot allocate N-byte block (M in use)" and throws "out of memory"; the message here
 * carries the same figures. Nothing was changed when this is thrown.
 */
public final class HeapExhaustedException extends GoThrow {
    public HeapExhaustedException(long askBytes, long heapSys) {
        super("out of memory: cannot allocate " + askBytes + "-byte block (" + heapSys + " in use)");
    }
}

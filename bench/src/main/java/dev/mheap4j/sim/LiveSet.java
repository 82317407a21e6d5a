package dev.mheap4j.sim;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * One mutator thread's reachable objects: addresses and sizes in growable arrays, pinned objects first. Dropping an
 * object swaps the last unpinned one into its slot.
 *
 * <p>Written by its owner thread inside {@code Mutator.atomically}; read by the collector's mark phase with the
 * world stopped (the world lock orders the two).
 */
final class LiveSet {

    private long[] addrs = new long[1024];
    private long[] sizes = new long[1024];
    /** Slots [0, pinned) hold pinned objects, [pinned, count) droppable ones. */
    private int pinned;
    private int count;
    private long bytes;
    private long pinnedBytes;

    void add(long addr, long size, boolean pin) {
        if (count == addrs.length) {
            addrs = Arrays.copyOf(addrs, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        addrs[count] = addr;
        sizes[count] = size;
        if (pin) {
            // Move the first droppable object to the end and put the pinned one in its place.
            addrs[count] = addrs[pinned];
            sizes[count] = sizes[pinned];
            addrs[pinned] = addr;
            sizes[pinned] = size;
            pinned++;
            pinnedBytes += size;
        }
        count++;
        bytes += size;
    }

    /** Drops a uniformly chosen unpinned object; returns false when there is none. */
    boolean dropRandom(SplittableRandom rnd) {
        if (count == pinned) {
            return false;
        }
        int i = pinned + rnd.nextInt(count - pinned);
        bytes -= sizes[i];
        count--;
        addrs[i] = addrs[count];
        sizes[i] = sizes[count];
        return true;
    }

    long bytes() {
        return bytes;
    }

    long pinnedBytes() {
        return pinnedBytes;
    }

    int count() {
        return count;
    }

    void forEach(LongConsumer mark) {
        for (int i = 0; i < count; i++) {
            mark.accept(addrs[i]);
        }
    }
}

package dev.mheap4j.heap.pages;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;

/**
 * An immutable deep copy of a {@link PageAlloc}'s state, from {@link PageAlloc#snapshot()}. Two snapshots are equal
 * when every scalar and every metadata word is equal (never-touched blocks and all-zero blocks compare equal).
 */
public final class PageAllocState {

    private final long searchAddr;
    private final long scavAddr;
    private final long start;
    private final long end;
    private final long lastAllocScav;
    private final long heapReleased;
    private final List<SortedMap<Integer, long[]>> summaryBlocks;
    private final SortedMap<Integer, long[]> chunkBlocks;
    private final SortedMap<Integer, long[]> grownBlocks;

    PageAllocState(long searchAddr, long scavAddr, long start, long end, long lastAllocScav, long heapReleased,
            List<SortedMap<Integer, long[]>> summaryBlocks, SortedMap<Integer, long[]> chunkBlocks,
            SortedMap<Integer, long[]> grownBlocks) {
        this.searchAddr = searchAddr;
        this.scavAddr = scavAddr;
        this.start = start;
        this.end = end;
        this.lastAllocScav = lastAllocScav;
        this.heapReleased = heapReleased;
        this.summaryBlocks = List.copyOf(summaryBlocks);
        this.chunkBlocks = chunkBlocks;
        this.grownBlocks = grownBlocks;
    }

    public long searchAddr() {
        return searchAddr;
    }

    public long scavAddr() {
        return scavAddr;
    }

    public long start() {
        return start;
    }

    public long end() {
        return end;
    }

    private static boolean blocksEqual(Map<Integer, long[]> a, Map<Integer, long[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<Integer, long[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PageAllocState)) {
            return false;
        }
        PageAllocState s = (PageAllocState) o;
        if (searchAddr != s.searchAddr || scavAddr != s.scavAddr || start != s.start || end != s.end
                || lastAllocScav != s.lastAllocScav || heapReleased != s.heapReleased) {
            return false;
        }
        for (int l = 0; l < summaryBlocks.size(); l++) {
            if (!blocksEqual(summaryBlocks.get(l), s.summaryBlocks.get(l))) {
                return false;
            }
        }
        return blocksEqual(chunkBlocks, s.chunkBlocks) && blocksEqual(grownBlocks, s.grownBlocks);
    }

    @Override
    public int hashCode() {
        return Objects.hash(searchAddr, scavAddr, start, end, chunkBlocks.size());
    }

    @Override
    public String toString() {
        return "PageAllocState{searchAddr=0x" + Long.toHexString(searchAddr) + ", scavAddr=0x"
                + Long.toHexString(scavAddr) + ", start=" + start + ", end=" + end + ", lastAllocScav="
                + lastAllocScav + ", heapReleased=" + heapReleased + ", chunkBlocks=" + chunkBlocks.keySet() + "}";
    }
}

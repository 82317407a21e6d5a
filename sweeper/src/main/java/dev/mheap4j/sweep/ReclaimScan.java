package dev.mheap4j.sweep;

/** How the page reclaimer scans the {@code pageInUse &^ pageMarks} bitmaps of a chunk. */
public enum ReclaimScan {
    /**
     * Go's loop: one byte (8 pages) at a time, an atomic Load8 of the in-use byte and a plain read of the marks.
     *
     * @mirrors mheap.go:(*mheap).reclaimChunk
     */
    BYTEWISE,
    /**
     * Eight bytes (64 pages) at a time, skipping whole words with no in-use unmarked page; within a word it visits
     * the same pages in the same order as {@link #BYTEWISE}, so both free the same spans.
     */
    WORDWISE
}

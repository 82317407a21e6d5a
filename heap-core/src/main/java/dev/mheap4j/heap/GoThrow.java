package dev.mheap4j.heap;

/**
 * Thrown where Go's runtime calls {@code throw}: an internal invariant of the heap is violated, or the heap was
 * asked to do something Go treats as fatal (an invalid free, a sweep of a span in the wrong state). The message
 * starts with Go's own wording so a reader can find the site in Go's sources.
 *
 * <p>Unlike Go, which aborts the process, the model throws before changing any state at the throwing site, so the
 * heap stays consistent and the invariant checker passes afterwards; methods that can throw it say so.
 */
public class GoThrow extends IllegalStateException {
    public GoThrow(String goMessage) {
        super(goMessage);
    }
}

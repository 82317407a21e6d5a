package dev.mheap4j.pacer;

/**
 * The GC phase, as far as pacing cares: outside {@link #OFF}, a trigger change must also revise the mark assist
 * ratios.
 *
 * @mirrors mgc.go:gcphase
 */
public enum GcPhase {
    /**
     * No GC running; sweeping in the background.
     *
     * @mirrors mgc.go:_GCoff
     */
    OFF,
    /**
     * Concurrent mark.
     *
     * @mirrors mgc.go:_GCmark
     */
    MARK,
    /**
     * Mark termination.
     *
     * @mirrors mgc.go:_GCmarktermination
     */
    MARK_TERMINATION
}

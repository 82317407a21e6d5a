package dev.mheap4j.sweep;

/** Who swept a span, so that the sweep work can be attributed (the simulator's summary splits pages by it). */
public enum SweepSource {
    /** The background sweeper thread (Go's bgsweep). */
    BACKGROUND,
    /** Proportional sweep on allocation (deductSweepCredit). */
    PROPORTIONAL,
    /** The page reclaimer before heap growth (reclaim / reclaimChunk). */
    RECLAIM,
    /** Sweeping that must finish before a new cycle starts (gcStart / finishsweep_m). */
    FINISH,
    /** An mcentral sweeping a span it is about to hand out, or an mcache flush sweeping a stale span. */
    CENTRAL
}

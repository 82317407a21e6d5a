package dev.mheap4j.pacer;

/**
 * How gcSetTriggerRatio bounds the trigger ratio it is given: the seed's rule (the default) or the later fix.
 *
 * <p>The two differ only for small GOGC. The seed raises any ratio below a fixed 0.6 to 0.6 and applies the GOGC
 * cap (0.95 x GOGC/100) only to ratios that were not raised, because the cap sits in the {@code else} branch. For
 * GOGC &lt;= 63 the cap is below 0.6, so a low ratio ends above the cap, and for GOGC &lt; 60 even above the goal
 * ratio, which then drags the goal up to the trigger: GOGC=50 behaves like GOGC=60. Go issue golang/go#37927 reported
 * this, and commit d1ecfcc1e8 scaled the floor by GOGC/100 too and applied cap and floor together.
 */
public enum TriggerClamp {

    /**
     * The seed: {@code r < 0.6 ? 0.6 : min(r, 0.95*GOGC/100)} (the cap only when GC is on).
     *
     * @mirrors mgc.go:gcSetTriggerRatio the else-if clamp with the fixed 0.6 floor
     */
    SEED {
        @Override
        public double minTriggerRatio(int gcpercent) {
            return SEED_MIN_TRIGGER_RATIO;
        }

        /** Seed evaluation order: {@code (0.95 * gcpercent) / 100}. */
        @Override
        public double maxTriggerRatio(int gcpercent) {
            return gcpercent >= 0 ? MAX_TRIGGER_FRACTION * gcpercent / 100 : Double.POSITIVE_INFINITY;
        }

        @Override
        double clamp(double triggerRatio, int gcpercent) {
            if (triggerRatio < SEED_MIN_TRIGGER_RATIO) {
                return SEED_MIN_TRIGGER_RATIO;
            }
            if (gcpercent >= 0) {
                return Math.min(triggerRatio, maxTriggerRatio(gcpercent));
            }
            return triggerRatio;
        }
    },

    /**
     * Go commit d1ecfcc1e8 (golang/go#37927): with GC on, cap at 0.95*GOGC/100 and then raise to 0.6*GOGC/100; with
     * GC off, only a negative ratio is raised, to 0.
     *
     * @mirrors mgc.go:gcSetTriggerRatio@d1ecfcc1e8 the clamp with the floor scaled by GOGC/100
     */
    FIXED_D1ECFCC1E8 {
        @Override
        public double minTriggerRatio(int gcpercent) {
            return gcpercent >= 0 ? SEED_MIN_TRIGGER_RATIO * scalingFactor(gcpercent) : 0;
        }

        /** The fix's evaluation order: {@code 0.95 * (gcpercent / 100)}. */
        @Override
        public double maxTriggerRatio(int gcpercent) {
            return gcpercent >= 0 ? MAX_TRIGGER_FRACTION * scalingFactor(gcpercent) : Double.POSITIVE_INFINITY;
        }

        @Override
        double clamp(double triggerRatio, int gcpercent) {
            double r = triggerRatio;
            if (gcpercent >= 0) {
                double max = maxTriggerRatio(gcpercent);
                if (r > max) {
                    r = max;
                }
                double min = minTriggerRatio(gcpercent);
                if (r < min) {
                    r = min;
                }
            } else if (r < 0) {
                r = 0;
            }
            return r;
        }
    };

    /**
     * The seed's {@code minTriggerRatio} constant, chosen empirically in Go (48 Ps, peak RSS).
     *
     * @mirrors mgc.go:gcSetTriggerRatio minTriggerRatio
     */
    static final double SEED_MIN_TRIGGER_RATIO = 0.6;

    /** Go's margin below the goal: the trigger ratio may not exceed 95% of GOGC/100. */
    static final double MAX_TRIGGER_FRACTION = 0.95;

    /** The floor this rule applies to a trigger ratio at the given GOGC (for SEED, applied before the cap). */
    public abstract double minTriggerRatio(int gcpercent);

    /**
     * The cap 0.95 x GOGC/100, with the float operations in the order the rule's Go code uses (they can differ in
     * the last bit); {@code +Infinity} when GC is off (neither rule caps then).
     */
    public abstract double maxTriggerRatio(int gcpercent);

    /** Applies the rule; the ratio must be a number (callers check). */
    abstract double clamp(double triggerRatio, int gcpercent);

    private static double scalingFactor(int gcpercent) {
        return (double) gcpercent / 100;
    }
}

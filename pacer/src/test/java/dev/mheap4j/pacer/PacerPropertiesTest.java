package dev.mheap4j.pacer;

import static dev.mheap4j.pacer.PacerFixtures.locked;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Invariants of gcSetTriggerRatio over random inputs. Each repetition prints its seed in failure messages. */
class PacerPropertiesTest {

    private static final long BASE_SEED = 0x5eed_9ace_0000L;

    private static SplittableRandom random(RepetitionInfo info) {
        return new SplittableRandom(BASE_SEED + info.getCurrentRepetition());
    }

    private static int randomGogc(SplittableRandom r) {
        return switch (r.nextInt(6)) {
            case 0 -> -1 - r.nextInt(1000);
            case 1 -> r.nextInt(64); // where the seed's clamp misbehaves
            case 2 -> r.nextInt(1000);
            case 3 -> r.nextInt(100_000);
            case 4 -> 100;
            // large enough to stress the arithmetic, small enough that 1 TiB x (1 + ratio) stays below 2^63
            default -> r.nextInt(100_000_000);
        };
    }

    private static double randomRatio(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> -10 + 20 * r.nextDouble();
            case 1 -> r.nextDouble();
            case 2 -> 0.6;
            default -> r.nextDouble() * 5;
        };
    }

    /** Heap sizes up to 2^40 bytes (1 TiB), sometimes tiny. */
    private static long randomBytes(SplittableRandom r) {
        return r.nextBoolean() ? r.nextLong(1L << 40) : r.nextLong(1L << 24);
    }

    @RepeatedTest(300)
    void goalAndTriggerInvariants(RepetitionInfo info) {
        long seed = BASE_SEED + info.getCurrentRepetition();
        SplittableRandom r = random(info);
        TriggerClamp clamp = r.nextBoolean() ? TriggerClamp.SEED : TriggerClamp.FIXED_D1ECFCC1E8;
        int gogc = randomGogc(r);
        long heapMarked = randomBytes(r);
        double ratio = randomRatio(r);
        long heapLive = randomBytes(r);
        long pagesInUse = r.nextLong(1L << 27);
        boolean sweepDone = r.nextBoolean();
        HeapSnapshot heap = new HeapSnapshot(heapLive, randomBytes(r), pagesInUse, sweepDone, randomBytes(r));
        String context = String.format("seed=%d clamp=%s GOGC=%d heap_marked=%d ratio=%s heap_live=%d sweepDone=%s",
                seed, clamp, gogc, heapMarked, ratio, heapLive, sweepDone);

        GcPacer p = GcPacer.gcinit(Integer.toString(gogc), clamp, 4096, new ReentrantLock(), HeapSnapshot.swept(0));
        locked(p, () -> {
            p.setHeapMarked(heapMarked);
            p.gcSetTriggerRatio(ratio, heap);
        });
        PacerFixtures.State s = PacerFixtures.State.of(p);

        if (gogc >= 0) {
            assertThat(Uint64.lessThan(s.nextGC(), heapMarked)).as("goal >= heap_marked; %s", context).isFalse();
            assertThat(s.gcTrigger()).as("trigger fits int64; %s", context).isNotNegative();
            assertThat(Uint64.greaterThan(s.gcTrigger(), s.nextGC())).as("trigger <= goal; %s", context).isFalse();
            assertThat(Uint64.lessThan(s.gcTrigger(), s.heapMinimum())).as("trigger >= minimum; %s", context)
                    .isFalse();
            if (!sweepDone) {
                assertThat(s.gcTrigger()).as("room to sweep; %s", context)
                        .isGreaterThanOrEqualTo(heapLive + GcPacer.SWEEP_MIN_HEAP_DISTANCE);
            }
            assertThat(s.triggerRatio()).as("ratio within the rule's bounds; %s", context)
                    .isLessThanOrEqualTo(clamp == TriggerClamp.SEED
                            ? Math.max(0.6, clamp.maxTriggerRatio(gogc)) : clamp.maxTriggerRatio(gogc))
                    .isGreaterThanOrEqualTo(clamp == TriggerClamp.SEED
                            ? Math.min(0.6, clamp.maxTriggerRatio(gogc)) : clamp.minTriggerRatio(gogc));
        } else {
            assertThat(s.nextGC()).as("goal never; %s", context).isEqualTo(GcPacer.NEVER);
            assertThat(s.gcTrigger()).as("trigger never; %s", context).isEqualTo(GcPacer.NEVER);
            assertThat(p.heapTriggerReached(Long.MAX_VALUE)).as(context).isFalse();
        }

        assertThat(s.sweepPagesPerByte()).as("slope; %s", context).isFinite().isNotNegative();
        if (sweepDone || pagesInUse == 0) {
            assertThat(s.sweepPagesPerByte()).as("no sweep pacing; %s", context).isZero();
        } else {
            assertThat(s.sweepPagesPerByte()).as("slope; %s", context)
                    .isLessThanOrEqualTo((double) pagesInUse / GcPacer.PAGE_SIZE);
            assertThat(s.sweepHeapLiveBasis()).as(context).isEqualTo(heapLive);
        }
    }

    @RepeatedTest(200)
    void fixedClampFloorNeverExceedsItsCap(RepetitionInfo info) {
        long seed = BASE_SEED + info.getCurrentRepetition();
        SplittableRandom r = random(info);
        int gogc = r.nextInt(3) == 0 ? r.nextInt(Integer.MAX_VALUE) : r.nextInt(1000);
        double ratio = randomRatio(r);
        TriggerClamp fixed = TriggerClamp.FIXED_D1ECFCC1E8;
        String context = "seed=" + seed + " GOGC=" + gogc + " ratio=" + ratio;
        assertThat(fixed.minTriggerRatio(gogc)).as(context).isLessThanOrEqualTo(fixed.maxTriggerRatio(gogc));
        double clamped = fixed.clamp(ratio, gogc);
        assertThat(clamped).as(context)
                .isBetween(fixed.minTriggerRatio(gogc), fixed.maxTriggerRatio(gogc));
        if (ratio >= fixed.minTriggerRatio(gogc) && ratio <= fixed.maxTriggerRatio(gogc)) {
            assertThat(clamped).as("in range stays; %s", context).isEqualTo(ratio);
        }
    }

    @Test
    void theSeedsFloorExceedsItsCapExactlyForGogcBelow64() {
        for (int gogc = 0; gogc <= 200; gogc++) {
            boolean inverted = TriggerClamp.SEED.minTriggerRatio(gogc) > TriggerClamp.SEED.maxTriggerRatio(gogc);
            assertThat(inverted).as("GOGC=%d", gogc).isEqualTo(gogc <= 63);
        }
    }

    @Test
    void theSeedsGoalIsDraggedUpOnlyBelowGogc60() {
        // with heap_marked 1 GiB (far above the minimum) and a low ratio, the goal exceeds GOGC's exactly when
        // the 0.6 floor exceeds GOGC/100
        for (int gogc = 0; gogc <= 100; gogc++) {
            GcPacer p = PacerFixtures.pacer(Integer.toString(gogc), TriggerClamp.SEED);
            long marked = 1L << 30;
            locked(p, () -> {
                p.setHeapMarked(marked);
                p.gcSetTriggerRatio(0.1, HeapSnapshot.swept(marked));
            });
            long gogcGoal = marked + marked * gogc / 100;
            assertThat(p.nextGC() > gogcGoal).as("GOGC=%d", gogc).isEqualTo(gogc < 60);
            GcPacer fixed = PacerFixtures.pacer(Integer.toString(gogc), TriggerClamp.FIXED_D1ECFCC1E8);
            locked(fixed, () -> {
                fixed.setHeapMarked(marked);
                fixed.gcSetTriggerRatio(0.1, HeapSnapshot.swept(marked));
            });
            assertThat(fixed.nextGC()).as("fixed GOGC=%d", gogc).isEqualTo(gogcGoal);
        }
    }
}

package dev.mheap4j.pacer;

import static dev.mheap4j.pacer.PacerFixtures.MIB;
import static dev.mheap4j.pacer.PacerFixtures.locked;
import static dev.mheap4j.pacer.PacerFixtures.pacer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** deductSweepCredit's debt computation (spec 4.9), and the sweeper-side loop written against SweepPacing. */
class SweepDebtTest {

    private static final double SLOPE = 12_800 / 72_351_744.0;

    @Test
    void specExampleOwesOnePageForOneSpan() {
        long target = SweepDebt.pagesTarget(8192, 0, 100 * MIB, 100 * MIB, SLOPE);
        // 8192 x 12800 / 72,351,744 = 1.449..., truncated
        assertThat(target).isEqualTo(1);
        SweepDebt debt = new SweepDebt(0, target);
        assertThat(debt.isOwed(0)).as("pagesSwept == basis").isTrue();
        assertThat(debt.isOwed(1)).isFalse();
    }

    @Test
    void callerSweptPagesCountAgainstTheTarget() {
        assertThat(SweepDebt.pagesTarget(8192, 1, 100 * MIB, 100 * MIB, SLOPE)).isZero();
        assertThat(SweepDebt.pagesTarget(8192, 5, 100 * MIB, 100 * MIB, SLOPE)).isEqualTo(-4);
        // 10 MiB allocated since the basis: 10 MiB x slope = 1855.1...
        assertThat(SweepDebt.pagesTarget(0, 0, 110 * MIB, 100 * MIB, SLOPE)).isEqualTo(1855);
    }

    @Test
    void heapLiveBelowTheBasisWrapsLikeGosUintptr() {
        long target = SweepDebt.pagesTarget(0, 0, 100 * MIB - 1, 100 * MIB, SLOPE);
        // uintptr(-1) is 2^64-1: a huge debt, as in Go
        assertThat(target).isEqualTo(Uint64.int64FromFloat64(SLOPE * 0x1p64));
        assertThat(target).isPositive();
    }

    @Test
    void debtIsMeasuredFromTheBasis() {
        SweepDebt debt = new SweepDebt(1000, 3);
        assertThat(debt.isOwed(1002)).isTrue();
        assertThat(debt.isOwed(1003)).isFalse();
    }

    /** The spec's example end to end: after gcSetTriggerRatio, allocating one 8 KiB span sweeps exactly one page. */
    @Test
    void specExampleThroughThePacerSweepsOnceForOneSpan() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        locked(p, () -> {
            p.setHeapMarked(100 * MIB);
            p.gcSetTriggerRatio(0.7, new HeapSnapshot(100 * MIB, 0, 12_800, false, 0));
        });
        SweepPacing pacing = p.sweepPacing();
        AtomicInteger sweeps = new AtomicInteger();
        deductSweepCredit(pacing, () -> 100 * MIB, 8192, 0, () -> {
            sweeps.incrementAndGet();
            pacing.addPagesSwept(1);
            return 1;
        });
        assertThat(sweeps.get()).isEqualTo(1);
        assertThat(pacing.pagesSwept()).isEqualTo(1);
    }

    @Test
    void runningDryDisablesProportionalSweep() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        locked(p, () -> {
            p.setHeapMarked(100 * MIB);
            p.gcSetTriggerRatio(0.7, new HeapSnapshot(100 * MIB, 0, 12_800, false, 0));
        });
        SweepPacing pacing = p.sweepPacing();
        deductSweepCredit(pacing, () -> 150 * MIB, 8192, 0, () -> NOTHING_LEFT);
        assertThat(pacing.sweepPagesPerByte()).isZero();
    }

    @Test
    void aBasisChangeMidLoopMakesTheSweeperRecomputeItsDebt() {
        GcPacer p = pacer("100", TriggerClamp.SEED);
        HeapSnapshot before = new HeapSnapshot(100 * MIB, 0, 12_800, false, 0);
        locked(p, () -> {
            p.setHeapMarked(100 * MIB);
            p.gcSetTriggerRatio(0.7, before);
        });
        SweepPacing pacing = p.sweepPacing();
        AtomicInteger sweeps = new AtomicInteger();
        // 10 MiB allocated: 1855 pages owed. After the first sweep the pacer re-paces with a basis at the current
        // point (heap_live 110 MiB), so the remaining debt is one span's worth.
        deductSweepCredit(pacing, () -> 110 * MIB, 8192, 0, () -> {
            pacing.addPagesSwept(1);
            if (sweeps.incrementAndGet() == 1) {
                locked(p, () -> p.gcSetTriggerRatio(0.7, before.withHeapLive(110 * MIB)));
            }
            return 1;
        });
        assertThat(pacing.pagesSweptBasis()).isEqualTo(1);
        long owedAfterRepace = SweepDebt.pagesTarget(8192, 0, 110 * MIB, 110 * MIB, pacing.sweepPagesPerByte());
        assertThat(sweeps.get()).isEqualTo(1 + (int) owedAfterRepace);
        assertThat(sweeps.get()).isLessThan(1855);
    }

    private static final long NOTHING_LEFT = -1;

    /** The sweeper's loop, as the sweeper module will write it against SweepPacing (Go's deductSweepCredit). */
    private static void deductSweepCredit(SweepPacing pacing, LongSupplier heapLive, long spanBytes,
                                          long callerSweepPages, LongSupplier sweepone) {
        if (pacing.sweepPagesPerByte() == 0) {
            return;
        }
        retry:
        while (true) {
            SweepDebt debt = pacing.debt(heapLive, spanBytes, callerSweepPages);
            while (debt.isOwed(pacing.pagesSwept())) {
                if (sweepone.getAsLong() == NOTHING_LEFT) {
                    pacing.disableProportionalSweep();
                    return;
                }
                if (pacing.pagesSweptBasis() != debt.sweptBasis()) {
                    continue retry;
                }
            }
            return;
        }
    }
}

package dev.mheap4j.bench.pages;

/**
 * The baseline: address-ordered first fit by a linear scan of one {@code long[]} bitmap (1 = in use), skipping
 * all-ones words. No summaries, no search hint. Single-threaded; not thread-safe.
 */
final class NaiveFirstFit {

    private final long[] bits;
    private final long npagesTotal;

    NaiveFirstFit(long npagesTotal) {
        this.npagesTotal = npagesTotal;
        this.bits = new long[(int) ((npagesTotal + 63) >>> 6)];
    }

    /** First page of the lowest run of {@code n} free pages, marked in use; -1 if none. */
    long alloc(long n) {
        long runStart = -1;
        long run = 0;
        for (int w = 0; w < bits.length; w++) {
            long x = bits[w];
            if (x == -1L) {
                run = 0;
                continue;
            }
            if (x == 0 && run + 64 < n) {
                if (run == 0) {
                    runStart = (long) w << 6;
                }
                run += 64;
                continue;
            }
            for (int b = 0; b < 64; b++) {
                if ((x & (1L << b)) == 0) {
                    if (run == 0) {
                        runStart = ((long) w << 6) + b;
                    }
                    if (++run == n) {
                        set(runStart, n, true);
                        return runStart;
                    }
                } else {
                    run = 0;
                }
            }
        }
        return -1;
    }

    void free(long page, long n) {
        set(page, n, false);
    }

    void set(long page, long n, boolean used) {
        for (long p = page; p < page + n; p++) {
            if (used) {
                bits[(int) (p >>> 6)] |= 1L << p;
            } else {
                bits[(int) (p >>> 6)] &= ~(1L << p);
            }
        }
    }

    long pages() {
        return npagesTotal;
    }
}

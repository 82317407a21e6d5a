package dev.mheap4j.heap;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.mheap4j.bitmap.ArenaLayout;
import dev.mheap4j.bitmap.ByteBitmap;
import dev.mheap4j.bitmap.ArenaPageBitmaps;
import dev.mheap4j.heap.pages.PageAlloc;
import dev.mheap4j.pacer.GcPacer;
import dev.mheap4j.pacer.HeapStats;
import dev.mheap4j.sweep.BackgroundSweeper;
import dev.mheap4j.sweep.GcSweepBuf;
import dev.mheap4j.sweep.SweepGen;
import dev.mheap4j.sweep.SweepSource;
import dev.mheap4j.sweep.SweepableHeap;
import dev.mheap4j.sweep.Sweeper;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;

/**
 * The page heap: it owns the heap lock, the page allocator, the arenas and their page bitmaps, the span objects,
 * the per-span-class central lists and the heap statistics, and allocates and frees spans.
 *
 * <p>Every shared field states who writes it, who reads it and how that is synchronised, as Go's {@code mheap}
 * does; where the rule differs per {@link SyncMode}, the comment says so. "L" below means the heap lock.
 *
 * <p>Errors: bad arguments throw {@link IllegalArgumentException} naming the value; requests Go treats as fatal
 * (an invalid free, a free of a span in the wrong state) throw {@link GoThrow} with Go's message; running out of
 * simulated memory throws {@link HeapExhaustedException}. All are thrown before any state changes.
 *
 * @mirrors mheap.go:mheap
 */
public final class MHeap {

    private final HeapConfig config;
    private final ArenaLayout layout;
    private final SyncMode mode;

    /**
     * The heap lock. Guards the page allocator, the span allocator, arena growth and the large-object counts.
     *
     * @mirrors mheap.go:mheap.lock
     */
    private final HeapLock lock;

    /**
     * The page allocator (the heap's free structures). All its methods require L.
     *
     * @mirrors mheap.go:mheap.pages
     */
    @GuardedBy("lock")
    private final PageAlloc pages;

    /**
     * Global sweep generation, always even, +2 per GC. Written only with the world stopped and L held (gcSweep);
     * read without synchronization everywhere else (volatile here, since Java has no "world stopped").
     *
     * @mirrors mheap.go:mheap.sweepgen
     */
    private volatile int sweepgen;

    /**
     * Every span object ever created, in creation order. Appended under L; read under L or at quiescent points.
     *
     * @mirrors mheap.go:mheap.allspans
     */
    @GuardedBy("lock")
    private final List<MSpan> allspans = new ArrayList<>();

    /**
     * The two sweep stacks: {@code sweepSpans[sweepgen/2%2]} holds swept in-use spans, the other unswept ones;
     * they swap roles when sweepgen moves. Each supports concurrent pushes or concurrent pops, never both.
     *
     * @mirrors mheap.go:mheap.sweepSpans
     */
    @SuppressWarnings("unchecked")
    private final GcSweepBuf<MSpan>[] sweepSpans = new GcSweepBuf[] {new GcSweepBuf<MSpan>(), new GcSweepBuf<MSpan>()};

    /**
     * Pages in spans in state IN_USE. PARENT mode: a plain field, read and written with L held. SEED and ALLOC_SPAN
     * modes: updated with atomic adds (ALLOC_SPAN adds after releasing L), read with atomic loads.
     *
     * @mirrors mheap.go:mheap.pagesInUse
     */
    private final PageCounter pagesInUse;

    /**
     * Retained-heap goal of the scavenger; -1 (Go's ^0) disables it. Written under L or STW (gcPaceScavenger);
     * read under L (grow).
     *
     * @mirrors mheap.go:mheap.scavengeGoal
     */
    @GuardedBy("lock")
    private long scavengeGoal = -1L;

    /**
     * Bytes and count of large objects allocated. Written under L (alloc); read under L or at quiescent points.
     *
     * @mirrors mheap.go:mheap.largealloc
     */
    @GuardedBy("lock")
    private long largealloc;

    /** @mirrors mheap.go:mheap.nlargealloc */
    @GuardedBy("lock")
    private long nlargealloc;

    /**
     * Bytes and count of large objects freed by sweeping. Go accumulates these per mcache and flushes them under
     * L; here they are atomic counters updated by the sweeper.
     *
     * @mirrors mheap.go:mheap.largefree
     */
    final AtomicLong largefree = new AtomicLong();

    /** @mirrors mheap.go:mheap.nlargefree */
    final AtomicLong nlargefree = new AtomicLong();

    /**
     * Small objects freed by sweeping, per size class. Atomic adds by sweepers (Go flushes per-mcache counts).
     *
     * @mirrors mheap.go:mheap.nsmallfree
     */
    final AtomicLongArray nsmallfree = new AtomicLongArray(SizeClasses.NUM_SIZE_CLASSES);

    /**
     * The arena metadata map. Written under L (sysAlloc), read lock-free; see {@link ArenaMap}.
     *
     * @mirrors mheap.go:mheap.arenas
     */
    private final ArenaMap arenas;

    /**
     * Every mapped arena index, in mapping order (not address order). Appended under L; readers copy it under L.
     *
     * @mirrors mheap.go:mheap.allArenas
     */
    @GuardedBy("lock")
    private long[] allArenas = new long[16];

    /** Number of valid entries in {@link #allArenas}. Guarded by L. */
    @GuardedBy("lock")
    private int allArenasLen;

    /**
     * Where the next arena mapping goes (Go's arena hint list, simplified to one upward-growing hint).
     *
     * @mirrors mheap.go:mheap.arenaHints
     */
    @GuardedBy("lock")
    private long arenaHint;

    /**
     * The current growth region [base, end) within mapped arenas, not yet handed to the page allocator.
     *
     * @mirrors mheap.go:mheap.curArena
     */
    @GuardedBy("lock")
    private long curArenaBase;

    /** @see #curArenaBase */
    @GuardedBy("lock")
    private long curArenaEnd;

    /**
     * One central free list per span class. Each has its own lock.
     *
     * @mirrors mheap.go:mheap.central
     */
    private final MCentral[] central = new MCentral[SpanClass.NUM_SPAN_CLASSES];

    /**
     * Recycled span objects. Guarded by L. Span objects are not cleared on reuse, so they keep their sweepgen.
     *
     * @mirrors mheap.go:mheap.spanalloc
     */
    @GuardedBy("lock")
    private final ArrayDeque<MSpan> spanalloc = new ArrayDeque<>();

    /** Heap statistics; each field is atomic. */
    private final MemStats stats = new MemStats();

    /**
     * pagesInUse when the current sweep cycle began (gcSweep). Written by gcSweep with the world stopped and L
     * held; read at quiescent points to check that pages swept plus pages still to sweep cover it.
     */
    private volatile long pagesInUseAtSweepStart;

    /** Stop-the-world: mutators and sweepers run inside its sections; the collector stops it. */
    private final World world = new World();

    /**
     * The pacer: trigger, goal, sweep pacing line (with pagesSwept, sweepPagesPerByte, sweepHeapLiveBasis,
     * pagesSweptBasis) and scavenger goal. Its state changes under L; see {@link GcPacer} for each field's rule.
     */
    private final GcPacer pacer;

    /** Sweeping orchestration: sweepone, sweepdone, sweepers, proportional sweep and the page reclaimer. */
    private final Sweeper<MSpan> sweeper;

    /** The background sweeper, or null when the config turns it off. */
    private final BackgroundSweeper bgsweep;

    /** The GC cycle driver. */
    private final Collector collector;

    /**
     * Every live mcache (Go's allp[i].mcache). Added and removed by their owners; iterated by the collector with
     * the world stopped. Copy-on-write.
     */
    private final List<MCache> mcaches = new CopyOnWriteArrayList<>();

    /** The view the sweeper module works through. */
    private final SweepView sweepView = new SweepView();

    /** The view the pacer reads the heap through. */
    private final PacerView pacerView = new PacerView();

    /**
     * Builds an empty heap: no arenas, sweep generation 0, nothing to sweep (sweepdone = 1, as gcinit leaves it).
     *
     * @mirrors mheap.go:(*mheap).init
     */
    public MHeap(HeapConfig config) {
        this.config = config;
        this.layout = config.layout();
        this.mode = config.mode();
        this.lock = new HeapLock(config.instrumentLock());
        this.pages = new PageAlloc(lock.raw(), config.physPageSize(), PageAlloc.DEFAULT_PHYS_HUGE_PAGE_SIZE, false);
        this.pagesInUse = PageCounter.create(mode.atomicPagesInUse());
        this.arenas = new ArenaMap(layout);
        this.arenaHint = config.firstArenaHint();
        for (int i = 0; i < central.length; i++) {
            central[i] = new MCentral(this, i);
        }
        this.pacer = GcPacer.gcinit(config.gogc(), config.triggerClamp(), config.physPageSize(), lock.raw(), pacerView);
        this.sweeper = new Sweeper<>(sweepView, pacer.sweepPacing(), config.reclaimScan());
        this.collector = new Collector(this);
        if (config.backgroundSweep()) {
            this.bgsweep = new BackgroundSweeper(sweeper);
            bgsweep.start();
        } else {
            this.bgsweep = null;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Allocation

    /**
     * Allocates a heap span of {@code npages} pages for span class {@code spanclass}, in state IN_USE, swept for
     * the current cycle, with its first page's in-use bit set and pagesInUse raised.
     *
     * @param needzero whether the caller needs zeroed memory; the model keeps no memory, so it only clears the
     *                 span's needzero flag as Go does after zeroing
     * @throws IllegalArgumentException when npages is not positive or spanclass is out of range
     * @throws HeapExhaustedException   when the heap cannot grow enough
     * @mirrors mheap.go:(*mheap).alloc
     */
    public MSpan alloc(long npages, int spanclass, boolean needzero) {
        return alloc(npages, spanclass, needzero, null);
    }

    MSpan alloc(long npages, int spanclass, boolean needzero, MCache cache) {
        checkNpages(npages);
        if (spanclass < 0 || spanclass >= SpanClass.NUM_SPAN_CLASSES) {
            throw new IllegalArgumentException("span class " + spanclass + " out of range 0.."
                    + (SpanClass.NUM_SPAN_CLASSES - 1));
        }
        if (SpanClass.sizeclass(spanclass) != 0
                && npages != SizeClasses.classToAllocNPages(SpanClass.sizeclass(spanclass))) {
            throw new IllegalArgumentException(npages + " pages for span class " + spanclass + ", whose size class "
                    + "uses " + SizeClasses.classToAllocNPages(SpanClass.sizeclass(spanclass)));
        }
        // To keep the heap from growing while sweeping lags, sweep and free at least npages of unmarked spans
        // first (Go reads sweepdone plainly here; a stale answer only costs or saves a little sweeping).
        if (!sweeper.isSweepDone()) {
            sweeper.reclaimer().reclaim(npages);
        }
        MSpan s = allocSpan(npages, false, spanclass, stats.heapInuse, cache);
        if (s == null) {
            throw new HeapExhaustedException(npages << HeapConstants.PAGE_SHIFT, stats.heapSys());
        }
        s.needzero = false;
        return s;
    }

    /**
     * Allocates a manually managed span (a stack, a GC work buffer): state MANUAL, no in-use bit, not counted in
     * pagesInUse, its bytes moved from heap_sys to stacks_inuse.
     *
     * @throws IllegalArgumentException when npages is not positive
     * @throws HeapExhaustedException   when the heap cannot grow enough
     * @mirrors mheap.go:(*mheap).allocManual
     */
    public MSpan allocManual(long npages) {
        checkNpages(npages);
        MSpan s = allocSpan(npages, true, 0, stats.stacksInuse, null);
        if (s == null) {
            throw new HeapExhaustedException(npages << HeapConstants.PAGE_SHIFT, stats.heapSys());
        }
        return s;
    }

    private static void checkNpages(long npages) {
        if (npages <= 0) {
            throw new IllegalArgumentException("npages must be positive, got " + npages);
        }
        if (npages > (1L << 48) / HeapConstants.PAGE_SIZE) {
            throw new IllegalArgumentException("npages " + npages + " exceeds the address space");
        }
    }

    /**
     * The shared allocation path of every mode. Under L it finds pages (growing the heap if needed), does the
     * accounting that needs L and takes a span object; then it initialises and publishes the span, still under L
     * in the PARENT and SEED modes (Go's alloc_m / allocSpanLocked / allocManual), after releasing L in the
     * ALLOC_SPAN mode (Go's allocSpan at a762221bea). Returns null when the heap cannot grow.
     *
     * @mirrors mheap.go:(*mheap).alloc_m@P
     * @mirrors mheap.go:(*mheap).alloc_m
     * @mirrors mheap.go:(*mheap).allocSpanLocked
     * @mirrors mheap.go:(*mheap).allocSpan@a762221bea
     */
    private MSpan allocSpan(long npages, boolean manual, int spanclass, AtomicLong sysStat, MCache cache) {
        lock.lock(manual ? HeapLockSite.ALLOC_MANUAL : HeapLockSite.ALLOC);
        boolean locked = true;
        try {
            long base = pages.alloc(npages);
            if (base == 0) {
                if (!grow(npages)) {
                    return null;
                }
                base = pages.alloc(npages);
                if (base == 0) {
                    throw new GoThrow("grew heap, but no adequate free space found");
                }
            }
            long scav = pages.lastAllocScav();
            if (!manual) {
                if (cache != null) {
                    cache.flushLocalStats(stats);
                }
                if (SpanClass.sizeclass(spanclass) == 0) {
                    largealloc += npages << HeapConstants.PAGE_SHIFT;
                    nlargealloc++;
                    stats.heapLive.addAndGet(npages << HeapConstants.PAGE_SHIFT);
                }
            }
            MSpan s = allocMSpanLocked();
            if (mode.publishesAfterUnlock()) {
                lock.unlock();
                locked = false;
            }
            initAndPublish(s, base, npages, manual, spanclass, scav, sysStat);
            return s;
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    /**
     * Fills in a fresh span and publishes it. The order is the publication rule of Go's seed comment: every field,
     * the spans entries and the state are written before the in-use bit's atomic OR, which is what the page
     * reclaimer reads first. The only mode-dependent lines are where setSpans and the memstats move: inside
     * allocSpanLocked before the seed's successor, at the end of allocSpan in it.
     */
    private void initAndPublish(MSpan s, long base, long npages, boolean manual, int spanclass, long scav,
                                AtomicLong sysStat) {
        long nbytes = npages << HeapConstants.PAGE_SHIFT;
        s.init(base, npages);
        if (allocNeedsZero(base, npages)) {
            s.needzero = true;
        }
        if (!mode.publishesAfterUnlock()) {
            setSpans(base, npages, s);
            accountPagesTaken(nbytes, scav, sysStat);
        }
        if (manual) {
            s.limit = base + nbytes;
            stats.heapSys.addAndGet(-nbytes);
            s.setState(MSpanState.MANUAL);
        } else {
            int sizeclass = SpanClass.sizeclass(spanclass);
            s.spanclass = spanclass;
            if (sizeclass == 0) {
                s.elemsize = nbytes;
                s.nelems = 1;
            } else {
                s.elemsize = SizeClasses.classToSize(sizeclass);
                s.nelems = (int) (nbytes / s.elemsize);
            }
            s.freeindex = 0;
            s.allocCache = -1L;
            s.gcmarkBits.reset(s.nelems);
            s.allocBits.reset(s.nelems);
            s.storeSweepgen(sweepgen);
            s.setState(MSpanState.IN_USE);
        }
        if (mode.publishesAfterUnlock()) {
            accountPagesTaken(nbytes, scav, sysStat);
            setSpans(base, npages, s);
        }
        if (!manual) {
            sweptSpans().push(s);
            // Publication to the page reclaimer: nothing about s may be written after this.
            ByteBitmap inUse = arenaOf(base).bitmaps.pageInUse();
            inUse.or8(layout.pageByteIndex(base), layout.pageMask(base));
            pagesInUse.add(npages);
        }
    }

    private void accountPagesTaken(long nbytes, long scav, AtomicLong sysStat) {
        if (scav != 0) {
            stats.heapReleased.addAndGet(-scav);
        }
        sysStat.addAndGet(nbytes);
        stats.heapIdle.addAndGet(-nbytes);
    }

    /** Takes a span object from the free list, or makes one and records it in allspans. L held. */
    private MSpan allocMSpanLocked() {
        assert lock.isHeldByCurrentThread();
        MSpan s = spanalloc.pollFirst();
        if (s == null) {
            s = new MSpan();
            allspans.add(s); // Go's recordspan hook
        }
        return s;
    }

    /**
     * Records {@code s} as the owner of each of its pages, following the span across arena boundaries.
     *
     * @mirrors mheap.go:(*mheap).setSpans
     */
    void setSpans(long base, long npages, MSpan s) {
        long pagesPerArena = layout.pagesPerArena();
        HeapArena ha = arenaOf(base);
        int i = layout.pageInArena(base);
        for (long n = 0; n < npages; n++) {
            if (i == pagesPerArena) {
                ha = arenaOf(base + (n << HeapConstants.PAGE_SHIFT));
                i = 0;
            }
            ha.spans[i++] = s;
        }
    }

    /**
     * Whether [base, base + npages pages) may hold dirty memory, raising each touched arena's zeroedBase past it.
     * Lock-free: a CAS loop per arena.
     *
     * @throws GoThrow "potentially overlapping in-use allocations detected" when another allocation raced into
     *                 the same region
     * @mirrors mheap.go:(*mheap).allocNeedsZero
     */
    boolean allocNeedsZero(long base, long npages) {
        boolean needZero = false;
        long arenaBytes = layout.heapArenaBytes();
        while (npages > 0) {
            HeapArena ha = arenaOf(base);
            long zeroedBase = ha.zeroedBase.get();
            long arenaBase = Math.floorMod(base, arenaBytes);
            if (arenaBase < zeroedBase) {
                // Handed out before, so possibly dirty; zeroedBase only grows, so this answer is final.
                needZero = true;
            }
            long arenaLimit = Math.min(arenaBase + (npages << HeapConstants.PAGE_SHIFT), arenaBytes);
            while (arenaLimit > zeroedBase) {
                if (ha.zeroedBase.compareAndSet(zeroedBase, arenaLimit)) {
                    break;
                }
                zeroedBase = ha.zeroedBase.get();
                if (zeroedBase <= arenaLimit && zeroedBase > arenaBase) {
                    throw new GoThrow("potentially overlapping in-use allocations detected");
                }
            }
            base += arenaLimit - arenaBase;
            npages -= (arenaLimit - arenaBase) >>> HeapConstants.PAGE_SHIFT;
        }
        return needZero;
    }

    /**
     * Adds at least npages pages to the page allocator, mapping new arenas when the current growth region is too
     * small. Returns false when the simulated memory or address space is exhausted, with nothing changed.
     *
     * @mirrors mheap.go:(*mheap).grow
     */
    @GuardedBy("lock")
    private boolean grow(long npages) {
        assert lock.isHeldByCurrentThread();
        long pageSize = HeapConstants.PAGE_SIZE;
        long ask = alignUp(npages, HeapConstants.PALLOC_CHUNK_PAGES) * pageSize;
        long totalGrowth = 0;
        long physPageSize = config.physPageSize();
        long nBase = alignUp(curArenaBase + ask, physPageSize);
        if (nBase > curArenaEnd) {
            long av = sysAlloc(ask);
            if (av == 0) {
                return false;
            }
            long asize = alignUp(ask, layout.heapArenaBytes());
            if (av == curArenaEnd) {
                curArenaEnd = av + asize;
            } else {
                long rest = curArenaEnd - curArenaBase;
                if (rest != 0) {
                    pages.grow(curArenaBase, rest);
                    totalGrowth += rest;
                }
                curArenaBase = av;
                curArenaEnd = av + asize;
            }
            // Fresh mappings count as released and idle until spans use them.
            stats.heapReleased.addAndGet(asize);
            stats.heapIdle.addAndGet(asize);
            nBase = alignUp(curArenaBase + ask, physPageSize);
        }
        long v = curArenaBase;
        curArenaBase = nBase;
        pages.grow(v, nBase - v);
        totalGrowth += nBase - v;

        // Heap growth scavenging: give back what the retained goal says we will soon be over.
        long retained = stats.heapRetained();
        if (scavengeGoal != -1L && retained + totalGrowth > scavengeGoal) {
            long todo = Math.min(totalGrowth, retained + totalGrowth - scavengeGoal);
            long released = pages.scavenge(todo, true);
            stats.heapReleased.addAndGet(released);
        }
        return true;
    }

    /**
     * Maps arena-aligned simulated address space for the heap: creates the arenas' metadata and appends them to
     * allArenas. Returns the base, or 0 when the memory limit or the address space would be exceeded (nothing is
     * changed then).
     *
     * @mirrors malloc.go:(*mheap).sysAlloc
     */
    @GuardedBy("lock")
    private long sysAlloc(long n) {
        n = alignUp(n, layout.heapArenaBytes());
        long p = arenaHint;
        long end = p + n;
        if (end < p || !layout.contains(end - 1) || stats.heapSys() + stats.stacksInuse() + n > config.maxHeapBytes()) {
            return 0;
        }
        arenaHint = end;
        stats.heapSys.addAndGet(n);
        for (long ai = layout.arenaIndex(p); ai <= layout.arenaIndex(end - 1); ai++) {
            arenas.put(new HeapArena(layout, ai, config.newPageInUse(layout.pageBitmapBytes())));
            if (allArenasLen == allArenas.length) {
                allArenas = Arrays.copyOf(allArenas, allArenas.length * 2);
            }
            allArenas[allArenasLen++] = ai;
        }
        return p;
    }

    private static long alignUp(long n, long a) {
        return (n + a - 1) & -a;
    }

    /**
     * Proportional sweep before allocating {@code spanBytes}; see {@link Sweeper#deductSweepCredit}.
     *
     * @mirrors mgcsweep.go:deductSweepCredit
     */
    void deductSweepCredit(long spanBytes, long callerSweepPages) {
        sweeper.deductSweepCredit(spanBytes, callerSweepPages);
    }

    /**
     * Starts a sweep cycle at the end of a mark phase: sweepgen += 2 (which turns every swept span into one to
     * sweep), the sweeper's and reclaimer's resets, then wakes the background sweeper. World stopped.
     *
     * @throws GoThrow "non-empty swept list" when the stack that becomes the swept stack still holds spans
     * @mirrors mgc.go:gcSweep
     */
    void gcSweep(boolean blocking) {
        assert world.stoppedByMe() : "gcSweep runs with the world stopped";
        lock.lock(HeapLockSite.OTHER);
        try {
            if (!sweepSpans[(sweepgen + 2) / 2 % 2].isEmpty()) {
                throw new GoThrow("non-empty swept list");
            }
            sweepgen += 2;
            pagesInUseAtSweepStart = pagesInUse.load();
            sweeper.startCycle(Arrays.copyOf(allArenas, allArenasLen));
        } finally {
            lock.unlock();
        }
        if (blocking) {
            lock.lock(HeapLockSite.OTHER);
            try {
                pacer.sweepPacing().disableProportionalSweep();
            } finally {
                lock.unlock();
            }
            sweeper.sweepAll(SweepSource.FINISH);
        } else if (bgsweep != null) {
            bgsweep.wake();
        }
    }

    /**
     * Clears every arena's pageMarks before a mark phase, with plain stores (no marker or sweeper runs).
     *
     * @mirrors mgc.go:gcResetMarkState
     */
    void gcResetMarkState() {
        for (long ai : allArenas()) {
            arenas.get(ai).bitmaps.pageMarks().clear();
        }
    }

    /** Sets the scavenger's retained-heap goal (-1 disables). L held. */
    void setScavengeGoal(long goal) {
        assert lock.isHeldByCurrentThread();
        scavengeGoal = goal;
    }

    /** Registers an mcache so the collector can flush it at cycle boundaries. */
    void register(MCache c) {
        mcaches.add(c);
    }

    /** Forgets an mcache whose owner is done with it. */
    void unregister(MCache c) {
        mcaches.remove(c);
    }

    /** The registered mcaches (a snapshot). */
    List<MCache> mcaches() {
        return List.copyOf(mcaches);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Free

    /**
     * Returns an in-use heap span to the heap; called by sweeping when the span holds no live object (the span
     * sweep of a large object, or its mcentral once every object is free).
     *
     * @throws GoThrow "mheap.freeSpanLocked - invalid free" when the span still has allocated objects or is not
     *                 swept for this cycle; "mheap.freeSpanLocked - invalid span state" when it is not in use
     *                 (a double free)
     * @mirrors mheap.go:(*mheap).freeSpan
     */
    public void freeSpan(MSpan s) {
        freeSpan(s, false);
    }

    /**
     * Frees a heap span outside sweeping: the model's direct "free" for tests and benchmarks that allocate spans with
     * {@link #alloc} and give them back themselves. Go has no such path (heap spans are freed only by sweeping), and
     * the difference matters in one place: the span was pushed on this cycle's swept stack when it was allocated,
     * so after the next gcSweep it turns up in the unswept stack. Go's sweepone accepts a span that is no longer in
     * use there only if it was swept in that cycle (sweepgen sg or sg+3), so the span is marked here as swept for
     * the next cycle (sg+2): then sweepone skips it exactly as it skips a span that sweeping freed, and no sweeper
     * can ever claim it (a claim needs sg-2).
     *
     * @throws GoThrow as {@link #freeSpan}
     */
    public void free(MSpan s) {
        freeSpan(s, true);
    }

    private void freeSpan(MSpan s, boolean outsideSweep) {
        lock.lock(HeapLockSite.FREE);
        try {
            checkFree(s, MSpanState.IN_USE);
            freeSpanLocked(s, true, true);
            if (outsideSweep) {
                s.storeSweepgen(sweepgen + 2);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns a manual span to the heap.
     *
     * @throws GoThrow "mheap.freeSpanLocked - invalid span state" when the span is not a manual span
     * @mirrors mheap.go:(*mheap).freeManual
     */
    public void freeManual(MSpan s) {
        lock.lock(HeapLockSite.FREE_MANUAL);
        try {
            checkFree(s, MSpanState.MANUAL);
            s.needzero = true;
            long nbytes = s.npages << HeapConstants.PAGE_SHIFT;
            stats.stacksInuse.addAndGet(-nbytes);
            stats.heapSys.addAndGet(nbytes);
            freeSpanLocked(s, false, true);
        } finally {
            lock.unlock();
        }
    }

    /** The checks of freeSpanLocked, done before anything changes so that a refused free changes nothing. */
    private void checkFree(MSpan s, MSpanState expected) {
        MSpanState state = s.state();
        if (state != expected || (state != MSpanState.IN_USE && state != MSpanState.MANUAL)) {
            throw new GoThrow("mheap.freeSpanLocked - invalid span state: " + s + " (expected " + expected + ")");
        }
        if (state == MSpanState.MANUAL && s.allocCount != 0) {
            throw new GoThrow("mheap.freeSpanLocked - invalid stack free: " + s);
        }
        if (state == MSpanState.IN_USE && (s.allocCount != 0 || s.sweepgen() != sweepgen)) {
            throw new GoThrow("mheap.freeSpanLocked - invalid free: " + s + " ptr 0x" + Long.toHexString(s.base())
                    + " allocCount " + s.allocCount + " sweepgen " + s.sweepgen() + "/" + sweepgen);
        }
    }

    /**
     * Frees a checked span: clears its in-use bit and pagesInUse (in-use spans), returns its pages to the page
     * allocator and its object to the span allocator. L held. The spans entries are left stale, as in Go.
     *
     * @mirrors mheap.go:(*mheap).freeSpanLocked
     */
    @GuardedBy("lock")
    private void freeSpanLocked(MSpan s, boolean acctinuse, boolean acctidle) {
        assert lock.isHeldByCurrentThread();
        long nbytes = s.npages << HeapConstants.PAGE_SHIFT;
        if (s.state() == MSpanState.IN_USE) {
            pagesInUse.add(-s.npages);
            ByteBitmap inUse = arenaOf(s.base()).bitmaps.pageInUse();
            inUse.and8(layout.pageByteIndex(s.base()), (byte) ~layout.pageMask(s.base()));
        }
        if (acctinuse) {
            stats.heapInuse.addAndGet(-nbytes);
        }
        if (acctidle) {
            stats.heapIdle.addAndGet(nbytes);
        }
        pages.free(s.base(), s.npages);
        s.setState(MSpanState.DEAD);
        spanalloc.addFirst(s);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lookup

    /**
     * The span recorded for the page holding {@code p}: possibly null (never allocated) or stale (freed). Go's
     * spanOf returns nil for addresses outside the heap; the model refuses them instead, so a caller's bad address
     * is reported rather than mistaken for "no span".
     *
     * @throws IllegalArgumentException naming p when it is not in a mapped arena
     * @mirrors mheap.go:spanOf
     */
    public MSpan spanOf(long p) {
        return arenaOf(p).spans[layout.pageInArena(p)];
    }

    /**
     * The in-use heap span whose objects cover {@code p}, or null: Go's "is this a heap object pointer" test, which
     * loads the state atomically before trusting the entry and checks p against [base, limit).
     *
     * @mirrors mheap.go:spanOfHeap
     */
    public MSpan spanOfHeap(long p) {
        if (!layout.contains(p)) {
            return null;
        }
        HeapArena ha = arenas.get(layout.arenaIndex(p));
        if (ha == null) {
            return null;
        }
        MSpan s = ha.spans[layout.pageInArena(p)];
        if (s == null || s.state() != MSpanState.IN_USE || p < s.base() || p >= s.limit()) {
            return null;
        }
        return s;
    }

    /**
     * The arena holding {@code p}.
     *
     * @throws IllegalArgumentException naming p when it is outside the address space or in an unmapped arena
     * @mirrors mheap.go:pageIndexOf the arena part; the byte index and mask come from the layout
     */
    public HeapArena arenaOf(long p) {
        if (!layout.contains(p)) {
            throw new IllegalArgumentException("address 0x" + Long.toHexString(p) + " is outside the address space");
        }
        HeapArena ha = arenas.get(layout.arenaIndex(p));
        if (ha == null) {
            throw new IllegalArgumentException("address 0x" + Long.toHexString(p) + " is not in the heap");
        }
        return ha;
    }

    /** The arena with index {@code ai}, or null when unmapped. Lock-free. */
    public HeapArena arena(long ai) {
        return arenas.get(ai);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Accessors

    public HeapConfig config() {
        return config;
    }

    public ArenaLayout layout() {
        return layout;
    }

    public SyncMode mode() {
        return mode;
    }

    public HeapLock lock() {
        return lock;
    }

    public MemStats stats() {
        return stats;
    }

    /** The current sweep generation. */
    public int sweepgen() {
        return sweepgen;
    }

    /** pagesInUse, read as the mode says (plain in PARENT mode: call at quiescent points or under L). */
    public long pagesInUse() {
        return pagesInUse.load();
    }

    /** pagesInUse when the current sweep cycle began. */
    public long pagesInUseAtSweepStart() {
        return pagesInUseAtSweepStart;
    }

    /** Pages swept in this cycle. */
    public long pagesSwept() {
        return pacer.sweepPacing().pagesSwept();
    }

    /** The pacer. */
    public GcPacer pacer() {
        return pacer;
    }

    /** The sweeper. */
    public Sweeper<MSpan> sweeper() {
        return sweeper;
    }

    /** The background sweeper, or null when off. */
    public BackgroundSweeper backgroundSweeper() {
        return bgsweep;
    }

    /** Stop-the-world control. */
    public World world() {
        return world;
    }

    /** The GC cycle driver. */
    public Collector collector() {
        return collector;
    }

    /** The heap as the pacer reads it. */
    public HeapStats pacerView() {
        return pacerView;
    }

    /** Stops the background sweeper, if any. The heap stays usable (sweeping then happens on allocation). */
    public void close() {
        if (bgsweep != null) {
            bgsweep.close();
        }
    }

    /** The swept stack of the current cycle. */
    GcSweepBuf<MSpan> sweptSpans() {
        return sweepSpans[sweepgen / 2 % 2];
    }

    /** The unswept stack of the current cycle. */
    GcSweepBuf<MSpan> unsweptSpans() {
        return sweepSpans[1 - sweepgen / 2 % 2];
    }

    /** The mcentral of a span class. */
    MCentral central(int spanclass) {
        return central[spanclass];
    }

    /** A new simulated goroutine: an mcache plus world sections and GC triggering. */
    public Mutator newMutator() {
        return new Mutator(this);
    }

    /** A new per-thread allocation cache bound to this heap (Go's per-P mcache), registered with the collector. */
    public MCache newMCache() {
        MCache c = new MCache(this);
        register(c);
        return c;
    }

    /** A copy of allArenas, in mapping order. Takes L. */
    public long[] allArenas() {
        lock.lock(HeapLockSite.OTHER);
        try {
            return Arrays.copyOf(allArenas, allArenasLen);
        } finally {
            lock.unlock();
        }
    }

    /** allArenas without taking L; the caller holds it. */
    long[] allArenasLocked() {
        assert lock.isHeldByCurrentThread();
        return Arrays.copyOf(allArenas, allArenasLen);
    }

    /** Large objects allocated: {bytes, count}. Takes L. */
    public long[] largeAllocStats() {
        lock.lock(HeapLockSite.OTHER);
        try {
            return new long[] {largealloc, nlargealloc};
        } finally {
            lock.unlock();
        }
    }

    public long largeFreeBytes() {
        return largefree.get();
    }

    public long largeFreeCount() {
        return nlargefree.get();
    }

    public long smallFreeCount(int sizeclass) {
        return nsmallfree.get(sizeclass);
    }

    /**
     * Runs {@code action} with the heap lock held, for quiescent inspection (invariant checks, tests).
     */
    public <T> T withLock(Function<LockedView, T> action) {
        lock.lock(HeapLockSite.OTHER);
        try {
            return action.apply(new LockedView());
        } finally {
            lock.unlock();
        }
    }

    /** What can be read only with the heap lock held; valid only inside {@link #withLock}. */
    public final class LockedView {
        private LockedView() {
        }

        public List<MSpan> allspans() {
            return List.copyOf(allspans);
        }

        public PageAlloc pages() {
            return pages;
        }

        public long curArenaBase() {
            return curArenaBase;
        }

        public long curArenaEnd() {
            return curArenaEnd;
        }

        public int freeSpanObjects() {
            return spanalloc.size();
        }
    }

    /** The heap as {@link Sweeper} and {@link dev.mheap4j.sweep.PageReclaimer} see it. */
    private final class SweepView implements SweepableHeap<MSpan> {
        @Override
        public int sweepgen() {
            return sweepgen;
        }

        @Override
        public MSpan popUnswept() {
            return unsweptSpans().pop();
        }

        @Override
        public boolean isInUse(MSpan span) {
            return span.state() == MSpanState.IN_USE;
        }

        @Override
        public boolean sweepSpan(MSpan span) {
            return SpanSweep.sweep(MHeap.this, span, false);
        }

        @Override
        public void acquireM() {
            world.enter();
        }

        @Override
        public void releaseM() {
            world.exit();
        }

        @Override
        public void lockHeap() {
            lock.lock(HeapLockSite.RECLAIM);
        }

        @Override
        public void unlockHeap() {
            lock.unlock();
        }

        @Override
        public boolean heapLockHeld() {
            return lock.isHeldByCurrentThread();
        }

        @Override
        public ArenaPageBitmaps arenaBitmaps(long arenaIndex) {
            return arenas.get(arenaIndex).bitmaps;
        }

        @Override
        public MSpan spanAt(long arenaIndex, int pageInArena) {
            return arenas.get(arenaIndex).spans[pageInArena];
        }

        @Override
        public int pagesPerArena() {
            return layout.pagesPerArena();
        }

        @Override
        public long heapLive() {
            return stats.heapLive();
        }
    }

    /** The heap as the pacer reads it: atomic loads of each statistic. */
    private final class PacerView implements HeapStats {
        @Override
        public long heapLive() {
            return stats.heapLive();
        }

        @Override
        public long heapScan() {
            return stats.heapScan();
        }

        @Override
        public long pagesInUse() {
            return pagesInUse.load();
        }

        @Override
        public boolean isSweepDone() {
            // Before the sweeper exists (during gcinit) nothing needs sweeping, as Go's gcinit sets sweepdone.
            return sweeper == null || sweeper.isSweepDone();
        }

        @Override
        public long heapRetained() {
            return stats.heapRetained();
        }
    }
}

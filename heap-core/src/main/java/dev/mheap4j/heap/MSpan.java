package dev.mheap4j.heap;

import dev.mheap4j.sweep.SweepableSpan;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A run of contiguous heap pages and the objects carved from it.
 *
 * <p><b>Sweep generations</b> (Go's table above {@code mspan}, written once here): let {@code sg} be
 * {@link MHeap#sweepgen()}, always even and raised by 2 at every GC. Then {@code sweepgen == sg-2}: the span needs
 * sweeping; {@code sg-1}: it is being swept by exactly one sweeper; {@code sg}: swept and ready; {@code sg+1}:
 * cached in an mcache since before this sweep began and still needs sweeping; {@code sg+3}: swept, then cached.
 * Claiming a span for sweeping is a CAS from {@code sg-2} to {@code sg-1}.
 *
 * <p><b>Recycling</b>: span objects are reused through the heap's span allocator without being cleared, so a
 * recycled span keeps its old {@code sweepgen}. This is deliberate (Go sets {@code spanalloc.zero = false}): a
 * background sweeper holding a stale reference can never CAS a freshly zeroed sweepgen from 0.
 *
 * <p><b>Synchronization</b>: fields are written by whoever owns the span: the allocating thread until the span is
 * published (under the heap lock before the seed's successor, outside it in the allocSpan mode), then the mcache
 * that caches it, or the one sweeper that claimed it. Publication is the volatile {@link #state} store and, for
 * the page reclaimer, the in-use bit's atomic OR; both come after every other field is written.
 *
 * <p>Not modelled: the division magic (object index uses a plain division), manualFreeList, specials (finalizers
 * and profile records) and the heap bitmap.
 *
 * @mirrors mheap.go:mspan
 */
public final class MSpan implements SweepableSpan {

    private static final VarHandle SWEEPGEN;

    static {
        try {
            SWEEPGEN = MethodHandles.lookup().findVarHandle(MSpan.class, "sweepgen", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** List links. Written and read under the lock of the list that holds the span (an mcentral's lock). */
    MSpan next;
    /** @see #next */
    MSpan prev;
    /** The list holding this span, or null. Guarded like {@link #next}. */
    MSpanList list;

    /**
     * First byte of the span. Written by {@link #init} before publication; read-only while in use.
     *
     * @mirrors mheap.go:mspan.startAddr
     */
    long startAddr;

    /**
     * Pages in the span. Written by {@link #init} before publication; read-only while in use.
     *
     * @mirrors mheap.go:mspan.npages
     */
    long npages;

    /**
     * Slot index where the next free-object search starts; slots below it are allocated. Written by the span's
     * owner (its mcache, or its sweeper); read by the same.
     *
     * @mirrors mheap.go:mspan.freeindex
     */
    int freeindex;

    /**
     * Number of object slots. Written before publication; read-only while in use.
     *
     * @mirrors mheap.go:mspan.nelems
     */
    int nelems;

    /**
     * Complement of 64 allocBits starting at freeindex, shifted so bit 0 is slot freeindex. Owner only.
     *
     * @mirrors mheap.go:mspan.allocCache
     */
    long allocCache;

    /**
     * Which slots are allocated (as of the last sweep plus the slots below freeindex). Owner only.
     *
     * @mirrors mheap.go:mspan.allocBits
     */
    final GcBits allocBits = new GcBits();

    /**
     * Which objects the current mark phase reached. Set atomically by markers; turned into allocBits by sweep.
     *
     * @mirrors mheap.go:mspan.gcmarkBits
     */
    final GcBits gcmarkBits = new GcBits();

    /**
     * See the class comment. Read and written with volatile loads, stores and CAS, except that mcache.refill
     * writes {@code sg+3} with a plain store on a span only it can see (done here with a volatile store too).
     *
     * @mirrors mheap.go:mspan.sweepgen
     */
    private volatile int sweepgen;

    /**
     * Number of allocated objects. Owner only (mcache or sweeper).
     *
     * @mirrors mheap.go:mspan.allocCount
     */
    int allocCount;

    /**
     * Size class and noscan flag. Written before publication.
     *
     * @mirrors mheap.go:mspan.spanclass
     */
    int spanclass;

    /**
     * The span's state, a volatile field: the store that makes a span {@link MSpanState#IN_USE} publishes every
     * field written before it.
     *
     * @mirrors mheap.go:mspan.state
     */
    private volatile MSpanState state = MSpanState.DEAD;

    /**
     * Whether the memory must be zeroed before use. Written by the allocating thread and by sweep.
     *
     * @mirrors mheap.go:mspan.needzero
     */
    boolean needzero;

    /**
     * Bytes per object (the whole span for a large object). Written before publication.
     *
     * @mirrors mheap.go:mspan.elemsize
     */
    long elemsize;

    /**
     * End of the span's data: one past the last object. Written before publication (by mcentral.grow for small
     * spans, by largeAlloc for large ones).
     *
     * @mirrors mheap.go:mspan.limit
     */
    long limit;

    /** Package-private: span objects come only from the heap's span allocator. */
    MSpan() {
    }

    /**
     * Resets the span for a new use at {@code base}. Like Go, it leaves {@code sweepgen} alone.
     *
     * @mirrors mheap.go:(*mspan).init
     */
    void init(long base, long npages) {
        this.next = null;
        this.prev = null;
        this.list = null;
        this.startAddr = base;
        this.npages = npages;
        this.allocCount = 0;
        this.spanclass = 0;
        this.elemsize = 0;
        this.needzero = false;
        this.freeindex = 0;
        this.nelems = 0;
        this.allocCache = 0;
        this.limit = 0;
        this.state = MSpanState.DEAD;
    }

    /** @mirrors mheap.go:(*mspan).base */
    public long base() {
        return startAddr;
    }

    /** Pages in the span. */
    @Override
    public long npages() {
        return npages;
    }

    /** One past the last byte of the span's pages. */
    public long end() {
        return startAddr + (npages << HeapConstants.PAGE_SHIFT);
    }

    /** End of the objects; see {@link #limit}. */
    public long limit() {
        return limit;
    }

    public int spanclass() {
        return spanclass;
    }

    public long elemsize() {
        return elemsize;
    }

    public int nelems() {
        return nelems;
    }

    public int allocCount() {
        return allocCount;
    }

    public int freeindex() {
        return freeindex;
    }

    public boolean needzero() {
        return needzero;
    }

    /**
     * Volatile load of the state.
     *
     * @mirrors mheap.go:(*mSpanStateBox).get
     */
    public MSpanState state() {
        return state;
    }

    /**
     * Volatile store of the state: the publication barrier for the fields written before it.
     *
     * @mirrors mheap.go:(*mSpanStateBox).set
     */
    void setState(MSpanState s) {
        state = s;
    }

    /** Volatile load of the sweep generation. */
    @Override
    public int sweepgen() {
        return sweepgen;
    }

    /** Volatile store of the sweep generation. */
    @Override
    public void storeSweepgen(int value) {
        sweepgen = value;
    }

    /** Compare-and-set of the sweep generation: the claim operation of the sweep protocol. */
    @Override
    public boolean casSweepgen(int expected, int value) {
        return SWEEPGEN.compareAndSet(this, expected, value);
    }

    /** Whether the span is on an mcentral list. @see #list */
    boolean inList() {
        return list != null;
    }

    /**
     * Index of the object holding address {@code p} (Go uses division magic; this divides).
     *
     * @mirrors mbitmap.go:(*mspan).objIndex
     */
    public int objIndex(long p) {
        return (int) ((p - startAddr) / elemsize);
    }

    /**
     * Whether slot {@code index} is free: below freeindex nothing is free, above it the alloc bits tell.
     *
     * @mirrors mbitmap.go:(*mspan).isFree
     */
    public boolean isFree(int index) {
        if (index < freeindex) {
            return false;
        }
        return !allocBits.isSet(index);
    }

    /** Whether object {@code index} is marked in the current cycle (plain read). */
    public boolean isMarked(int index) {
        return gcmarkBits.isSet(index);
    }

    /**
     * Marks object {@code index} atomically; returns whether it was already marked.
     *
     * @mirrors mbitmap.go:markBits.setMarked
     */
    public boolean setMarked(int index) {
        return gcmarkBits.setAtomic(index);
    }

    /**
     * Number of marked objects.
     *
     * @mirrors mbitmap.go:(*mspan).countAlloc
     */
    public int countAlloc() {
        return gcmarkBits.count(nelems);
    }

    /**
     * Loads the 64 alloc bits starting at byte {@code whichByte} (a multiple of 8), complemented, into allocCache.
     *
     * @mirrors mbitmap.go:(*mspan).refillAllocCache
     */
    void refillAllocCache(int whichByte) {
        allocCache = ~allocBits.word(whichByte >>> 3);
    }

    /**
     * The index of the next free slot at or after freeindex, or nelems when full; advances freeindex past it.
     *
     * @mirrors mbitmap.go:(*mspan).nextFreeIndex
     */
    int nextFreeIndex() {
        int sfreeindex = freeindex;
        int snelems = nelems;
        if (sfreeindex == snelems) {
            return sfreeindex;
        }
        if (sfreeindex > snelems) {
            throw new GoThrow("s.freeindex > s.nelems");
        }
        long aCache = allocCache;
        int bitIndex = Long.numberOfTrailingZeros(aCache);
        while (bitIndex == 64) {
            // Nothing free in the cached window: move to the next 64 slots.
            sfreeindex = (sfreeindex + 64) & ~63;
            if (sfreeindex >= snelems) {
                freeindex = snelems;
                return snelems;
            }
            refillAllocCache(sfreeindex >>> 3);
            aCache = allocCache;
            bitIndex = Long.numberOfTrailingZeros(aCache);
        }
        int result = sfreeindex + bitIndex;
        if (result >= snelems) {
            freeindex = snelems;
            return snelems;
        }
        allocCache >>>= bitIndex + 1;
        sfreeindex = result + 1;
        if ((sfreeindex & 63) == 0 && sfreeindex != snelems) {
            // The cache is used up exactly at a window boundary: load the next window now.
            refillAllocCache(sfreeindex >>> 3);
        }
        freeindex = sfreeindex;
        return result;
    }

    /**
     * Takes the next free object from the cached window without refilling it, or returns 0 when the window has
     * none (the caller then takes the slow path).
     *
     * @mirrors malloc.go:nextFreeFast
     */
    long nextFreeFast() {
        int theBit = Long.numberOfTrailingZeros(allocCache);
        if (theBit < 64) {
            int result = freeindex + theBit;
            if (result < nelems) {
                int freeidx = result + 1;
                if ((freeidx & 63) == 0 && freeidx != nelems) {
                    return 0;
                }
                allocCache >>>= theBit + 1;
                freeindex = freeidx;
                allocCount++;
                return startAddr + (long) result * elemsize;
            }
        }
        return 0;
    }

    @Override
    public String toString() {
        return "span[0x" + Long.toHexString(startAddr) + "+" + npages + "p " + state + " sc=" + spanclass
                + " sweepgen=" + sweepgen + " alloc=" + allocCount + "/" + nelems + "]";
    }
}

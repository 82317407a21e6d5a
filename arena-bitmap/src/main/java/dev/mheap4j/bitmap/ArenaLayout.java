package dev.mheap4j.bitmap;

/**
 * The constants that carve Go's heap address space into arenas and pages, and the index math over them.
 *
 * <p>Go fixes these per platform at compile time; here they are one immutable value so that tests can use small
 * layouts and so that the windows/amd64 two-level arena map (non-zero L1 bits) is exercised too. Every address
 * method takes a Go {@code uintptr} held in a Java {@code long}; arithmetic is unsigned (wrapping) as in Go.
 *
 * <p>An address {@code p} belongs to the layout when {@code p + arenaBaseOffset} (mod 2^64) lies in
 * {@code [0, 2^heapAddrBits)}. On amd64 the offset is 2^47, which maps the canonical address range
 * {@code [-2^47, 2^47)} onto {@code [0, 2^48)}. Address methods reject any other address with an
 * {@link IllegalArgumentException} naming it in hex; the check is one add and one compare.
 *
 * <p>Layout invariants (checked by {@link #of}): page and arena sizes are powers of two; an arena holds a multiple of
 * 64 pages, so its page bitmap is a whole number of 64-bit words; {@code arenaL1Bits + arenaL2Bits =
 * heapAddrBits - logHeapArenaBytes}; the base offset is arena-aligned and inside the address space. Because the
 * offset is arena-aligned, "global page number mod pagesPerArena" is the page's index within its arena, which is
 * what {@link #pageInArena} relies on, exactly as Go's {@code pageIndexOf} does.
 *
 * @mirrors malloc.go:heapArenaBytes the arena and address-space constant block (heapAddrBits, logHeapArenaBytes,
 *          arenaL1Bits, arenaL2Bits, arenaL1Shift, arenaBits, arenaBaseOffset, pagesPerArena)
 */
public final class ArenaLayout {

    /**
     * Go's linux/amd64 values: 8 KiB pages, 64 MiB arenas, 48 address bits, no L1 map (22 L2 bits), base offset
     * 2^47; 8192 pages per arena, 1024 bytes of pageInUse per arena.
     *
     * @mirrors malloc.go:logHeapArenaBytes 26 on 64-bit non-Windows, non-AIX, non-wasm
     */
    public static final ArenaLayout LINUX_AMD64 = of("linux/amd64", 1L << 13, 1L << 26, 48, 0, 22, 1L << 47);

    /**
     * Go's windows/amd64 values: 8 KiB pages, 4 MiB arenas ({@code logHeapArenaBytes = 2+20} for 64-bit Windows),
     * 48 address bits, 6 L1 bits, hence {@code arenaL2Bits = 48 - 22 - 6 = 20}, base offset 2^47 (every amd64);
     * 512 pages per arena, 64 bytes of pageInUse per arena.
     *
     * @mirrors malloc.go:arenaL1Bits 6 on 64-bit Windows
     */
    public static final ArenaLayout WINDOWS_AMD64 = of("windows/amd64", 1L << 13, 1L << 22, 48, 6, 20, 1L << 47);

    private final String name;
    private final int pageShift;
    private final long pageSize;
    private final int logHeapArenaBytes;
    private final long heapArenaBytes;
    private final int pagesPerArena;
    private final int heapAddrBits;
    private final int arenaL1Bits;
    private final int arenaL2Bits;
    private final long arenaBaseOffset;

    private ArenaLayout(String name, int pageShift, int logHeapArenaBytes, int heapAddrBits, int arenaL1Bits,
                        int arenaL2Bits, long arenaBaseOffset) {
        this.name = name;
        this.pageShift = pageShift;
        this.pageSize = 1L << pageShift;
        this.logHeapArenaBytes = logHeapArenaBytes;
        this.heapArenaBytes = 1L << logHeapArenaBytes;
        this.pagesPerArena = 1 << (logHeapArenaBytes - pageShift);
        this.heapAddrBits = heapAddrBits;
        this.arenaL1Bits = arenaL1Bits;
        this.arenaL2Bits = arenaL2Bits;
        this.arenaBaseOffset = arenaBaseOffset;
    }

    /**
     * Builds and validates a layout. Intended for small test layouts; the presets use it too.
     *
     * @param name            a non-blank label used in messages, e.g. {@code "linux/amd64"}
     * @param pageSize        bytes per page, a power of two, at least 8
     * @param heapArenaBytes  bytes per arena, a power of two holding at least 64 pages (and at most 2^31 pages)
     * @param heapAddrBits    bits of the offset address space, at most 63
     * @param arenaL1Bits     bits of the arena index resolved by the L1 map, 0 for a single-level map
     * @param arenaL2Bits     bits resolved by the L2 map; {@code arenaL1Bits + arenaL2Bits} must equal
     *                        {@code heapAddrBits - log2(heapArenaBytes)}; each at most 31
     * @param arenaBaseOffset added to an address before indexing; arena-aligned, in {@code [0, 2^heapAddrBits)}
     * @throws IllegalArgumentException naming the first bad parameter and its value
     */
    public static ArenaLayout of(String name, long pageSize, long heapArenaBytes, int heapAddrBits, int arenaL1Bits,
                                 int arenaL2Bits, long arenaBaseOffset) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("layout name must not be empty, got '" + name + "'");
        }
        String where = " (layout " + name + ")";
        if (pageSize < 8 || Long.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("pageSize must be a power of two >= 8, got " + pageSize + where);
        }
        if (heapArenaBytes <= 0 || Long.bitCount(heapArenaBytes) != 1) {
            throw new IllegalArgumentException("heapArenaBytes must be a power of two, got " + heapArenaBytes + where);
        }
        if (heapArenaBytes < pageSize * 64) {
            throw new IllegalArgumentException("heapArenaBytes " + heapArenaBytes + " must hold at least 64 pages of "
                    + pageSize + " bytes (so its page bitmap is a whole number of words)" + where);
        }
        int pageShift = Long.numberOfTrailingZeros(pageSize);
        int logArena = Long.numberOfTrailingZeros(heapArenaBytes);
        if (logArena - pageShift > 31) {
            throw new IllegalArgumentException("heapArenaBytes " + heapArenaBytes + " holds more than 2^31 pages" + where);
        }
        if (heapAddrBits <= logArena || heapAddrBits > 63) {
            throw new IllegalArgumentException("heapAddrBits must be in (" + logArena + ", 63], got " + heapAddrBits
                    + where);
        }
        if (arenaL1Bits < 0 || arenaL1Bits > 31) {
            throw new IllegalArgumentException("arenaL1Bits must be in [0, 31], got " + arenaL1Bits + where);
        }
        if (arenaL2Bits < 1 || arenaL2Bits > 31) {
            throw new IllegalArgumentException("arenaL2Bits must be in [1, 31], got " + arenaL2Bits + where);
        }
        if (arenaL1Bits + arenaL2Bits != heapAddrBits - logArena) {
            throw new IllegalArgumentException("arenaL1Bits " + arenaL1Bits + " + arenaL2Bits " + arenaL2Bits
                    + " must equal heapAddrBits - logHeapArenaBytes = " + heapAddrBits + " - " + logArena + " = "
                    + (heapAddrBits - logArena) + where);
        }
        if (arenaBaseOffset < 0 || arenaBaseOffset >= (1L << heapAddrBits)
                || (arenaBaseOffset & (heapArenaBytes - 1)) != 0) {
            throw new IllegalArgumentException("arenaBaseOffset must be arena-aligned and in [0, 2^" + heapAddrBits
                    + "), got 0x" + Long.toHexString(arenaBaseOffset) + where);
        }
        return new ArenaLayout(name, pageShift, logArena, heapAddrBits, arenaL1Bits, arenaL2Bits, arenaBaseOffset);
    }

    // ----- constants -----

    /** The label given at construction. */
    public String name() {
        return name;
    }

    /** @mirrors sizeclasses.go:_PageShift log2 of the page size */
    public int pageShift() {
        return pageShift;
    }

    /** @mirrors malloc.go:pageSize bytes per page */
    public long pageSize() {
        return pageSize;
    }

    /** @mirrors malloc.go:logHeapArenaBytes */
    public int logHeapArenaBytes() {
        return logHeapArenaBytes;
    }

    /** @mirrors malloc.go:heapArenaBytes */
    public long heapArenaBytes() {
        return heapArenaBytes;
    }

    /** @mirrors malloc.go:pagesPerArena */
    public int pagesPerArena() {
        return pagesPerArena;
    }

    /**
     * Bytes of one per-arena page bitmap ({@code pageInUse}, {@code pageMarks}): {@code pagesPerArena / 8}; always a
     * multiple of 8.
     *
     * @mirrors mheap.go:heapArena.pageInUse its array length
     */
    public int pageBitmapBytes() {
        return pagesPerArena / 8;
    }

    /** @mirrors malloc.go:heapAddrBits */
    public int heapAddrBits() {
        return heapAddrBits;
    }

    /** @mirrors malloc.go:arenaL1Bits */
    public int arenaL1Bits() {
        return arenaL1Bits;
    }

    /** @mirrors malloc.go:arenaL2Bits */
    public int arenaL2Bits() {
        return arenaL2Bits;
    }

    /** @mirrors malloc.go:arenaL1Shift equal to arenaL2Bits */
    public int arenaL1Shift() {
        return arenaL2Bits;
    }

    /** @mirrors malloc.go:arenaBits arenaL1Bits + arenaL2Bits */
    public int arenaBits() {
        return arenaL1Bits + arenaL2Bits;
    }

    /** @mirrors malloc.go:arenaBaseOffset */
    public long arenaBaseOffset() {
        return arenaBaseOffset;
    }

    /** Number of arena indexes, {@code 2^arenaBits}; valid indexes are {@code [0, arenaCount())}. */
    public long arenaCount() {
        return 1L << arenaBits();
    }

    /** The largest valid arena index, {@code arenaCount() - 1}. */
    public long maxArenaIndex() {
        return arenaCount() - 1;
    }

    // ----- address checks -----

    /** Whether {@code addr + arenaBaseOffset} (mod 2^64) lies in {@code [0, 2^heapAddrBits)}. */
    public boolean contains(long addr) {
        return ((addr + arenaBaseOffset) >>> heapAddrBits) == 0;
    }

    private void checkAddr(long addr) {
        if (((addr + arenaBaseOffset) >>> heapAddrBits) != 0) {
            throw new IllegalArgumentException("address 0x" + Long.toHexString(addr) + " is outside the "
                    + heapAddrBits + "-bit address space of layout " + name + " (arenaBaseOffset 0x"
                    + Long.toHexString(arenaBaseOffset) + ")");
        }
    }

    private void checkArenaIndex(long arenaIndex) {
        if ((arenaIndex >>> arenaBits()) != 0) {
            throw new IllegalArgumentException("arena index " + arenaIndex + " (0x" + Long.toHexString(arenaIndex)
                    + ") is outside [0, 2^" + arenaBits() + ") of layout " + name);
        }
    }

    // ----- index math -----

    /**
     * The index of the arena holding {@code addr}: {@code (addr + arenaBaseOffset) / heapArenaBytes}.
     *
     * @throws IllegalArgumentException if the address is outside the layout (named in hex)
     * @mirrors mheap.go:arenaIndex
     */
    public long arenaIndex(long addr) {
        checkAddr(addr);
        return (addr + arenaBaseOffset) >>> logHeapArenaBytes;
    }

    /**
     * The lowest address of arena {@code arenaIndex}: {@code arenaIndex * heapArenaBytes - arenaBaseOffset}, wrapping
     * like Go's uintptr (so arenas below the offset have "negative", i.e. high-half, addresses).
     *
     * @throws IllegalArgumentException if the index is outside {@code [0, arenaCount())}
     * @mirrors mheap.go:arenaBase
     */
    public long arenaBase(long arenaIndex) {
        checkArenaIndex(arenaIndex);
        return (arenaIndex << logHeapArenaBytes) - arenaBaseOffset;
    }

    /**
     * The L1 map index of an arena: 0 when there is no L1 map, else {@code arenaIndex >>> arenaL1Shift}.
     *
     * @throws IllegalArgumentException if the index is outside {@code [0, arenaCount())}
     * @mirrors mheap.go:arenaIdx.l1
     */
    public int l1(long arenaIndex) {
        checkArenaIndex(arenaIndex);
        return arenaL1Bits == 0 ? 0 : (int) (arenaIndex >>> arenaL2Bits);
    }

    /**
     * The L2 map index of an arena: the index itself when there is no L1 map, else its low {@code arenaL2Bits}
     * bits.
     *
     * @throws IllegalArgumentException if the index is outside {@code [0, arenaCount())}
     * @mirrors mheap.go:arenaIdx.l2
     */
    public int l2(long arenaIndex) {
        checkArenaIndex(arenaIndex);
        return arenaL1Bits == 0 ? (int) arenaIndex : (int) (arenaIndex & ((1L << arenaL2Bits) - 1));
    }

    /**
     * The arena index, bitmap byte and bit mask of the page holding {@code addr}; the same triple indexes both
     * {@code pageInUse} and {@code pageMarks}. Allocates one small record; hot paths use {@link #pageByteIndex} and
     * {@link #pageMask} instead.
     *
     * @throws IllegalArgumentException if the address is outside the layout (named in hex)
     * @mirrors mheap.go:pageIndexOf returns the arena index where Go returns the *heapArena it indexes
     */
    public PageIndex pageIndexOf(long addr) {
        long arenaIndex = arenaIndex(addr);
        int page = pageInArenaUnchecked(addr);
        return new PageIndex(arenaIndex, page >>> 3, (byte) (1 << (page & 7)));
    }

    /**
     * The index, within its arena, of the page holding {@code addr}, in {@code [0, pagesPerArena)}. Allocation
     * free.
     *
     * @throws IllegalArgumentException if the address is outside the layout (named in hex)
     */
    public int pageInArena(long addr) {
        checkAddr(addr);
        return pageInArenaUnchecked(addr);
    }

    /**
     * The page bitmap byte of the page holding {@code addr}: {@code pageInArena(addr) / 8}. Allocation free.
     *
     * @throws IllegalArgumentException if the address is outside the layout (named in hex)
     * @mirrors mheap.go:pageIndexOf its pageIdx result
     */
    public int pageByteIndex(long addr) {
        checkAddr(addr);
        return pageInArenaUnchecked(addr) >>> 3;
    }

    /**
     * The bit of the page holding {@code addr} within its bitmap byte: {@code 1 << (pageInArena(addr) % 8)}.
     * Allocation free.
     *
     * @throws IllegalArgumentException if the address is outside the layout (named in hex)
     * @mirrors mheap.go:pageIndexOf its pageMask result
     */
    public byte pageMask(long addr) {
        checkAddr(addr);
        return (byte) (1 << (pageInArenaUnchecked(addr) & 7));
    }

    // Unsigned page number of addr itself (not of addr + offset, as in Go); equal mod pagesPerArena because the offset
    // and 2^64 are both multiples of the arena size.
    private int pageInArenaUnchecked(long addr) {
        return (int) ((addr >>> pageShift) & (pagesPerArena - 1));
    }

    @Override
    public String toString() {
        return "ArenaLayout[" + name + ": pageSize=" + pageSize + ", heapArenaBytes=" + heapArenaBytes
                + ", heapAddrBits=" + heapAddrBits + ", arenaL1Bits=" + arenaL1Bits + ", arenaL2Bits=" + arenaL2Bits
                + ", arenaBaseOffset=0x" + Long.toHexString(arenaBaseOffset) + "]";
    }
}

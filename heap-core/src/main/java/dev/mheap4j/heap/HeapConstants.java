package dev.mheap4j.heap;

/** The few heap constants that do not vary with the arena layout (Go fixes them for every 64-bit platform). */
public final class HeapConstants {

    /** @mirrors sizeclasses.go:_PageShift */
    public static final int PAGE_SHIFT = 13;

    /** @mirrors malloc.go:_PageSize */
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    /**
     * Pages per page-allocator chunk; heap growth asks for whole chunks.
     *
     * @mirrors mpagealloc.go:pallocChunkPages
     */
    public static final long PALLOC_CHUNK_PAGES = 512;

    /** @mirrors malloc.go:maxObjsPerSpan */
    public static final int MAX_OBJS_PER_SPAN = (int) (PAGE_SIZE / 8);

    private HeapConstants() {
    }
}

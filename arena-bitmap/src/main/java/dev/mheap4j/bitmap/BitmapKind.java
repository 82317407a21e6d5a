package dev.mheap4j.bitmap;

/**
 * Which {@link ByteBitmap} implementation a synchronization mode uses for a bitmap, so that the modes differ in one
 * enum constant rather than in copied classes.
 */
public enum BitmapKind {

    /**
     * Atomic, sequentially consistent byte operations: the seed's {@code pageInUse} ("Reads and writes are
     * atomic") and, in every mode, {@code pageMarks}.
     *
     * @mirrors mheap.go:heapArena.pageInUse atomic since the seed
     */
    ATOMIC {
        @Override
        public ByteBitmap create(int sizeBytes) {
            return new AtomicByteBitmap(sizeBytes);
        }
    },

    /**
     * Plain byte operations, correct only when one lock guards every access: the parent commit's
     * {@code pageInUse} ("Writes are protected by mheap_.lock").
     *
     * @mirrors mheap.go:heapArena.pageInUse@P written under the heap lock
     */
    PLAIN {
        @Override
        public ByteBitmap create(int sizeBytes) {
            return new PlainByteBitmap(sizeBytes);
        }
    };

    /**
     * Creates a zeroed bitmap of this kind.
     *
     * @throws IllegalArgumentException naming the size unless it is a positive multiple of 8
     */
    public abstract ByteBitmap create(int sizeBytes);
}

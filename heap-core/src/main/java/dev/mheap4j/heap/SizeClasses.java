package dev.mheap4j.heap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Go's size-class table at the seed commit: 67 classes (class 0 stands for large objects), with bytes per object,
 * pages per span and objects per span, read from {@code sizeclasses-dac936a4.csv} (the seed's generated table as
 * data), and the request-size to class lookup.
 *
 * <p>The lookup follows Go's two-table scheme: sizes up to 1024 bytes are looked up in 8-byte steps, larger small
 * sizes in 128-byte steps; both tables are derived here from the class sizes, which is what Go's generator does.
 *
 * @mirrors sizeclasses.go:class_to_size
 */
public final class SizeClasses {

    /**
     * Number of size classes, including class 0.
     *
     * @mirrors sizeclasses.go:_NumSizeClasses
     */
    public static final int NUM_SIZE_CLASSES = 67;

    /**
     * Largest size served by a size class; larger objects get their own span.
     *
     * @mirrors sizeclasses.go:_MaxSmallSize
     */
    public static final int MAX_SMALL_SIZE = 32768;

    /** @mirrors sizeclasses.go:smallSizeDiv */
    static final int SMALL_SIZE_DIV = 8;
    /** @mirrors sizeclasses.go:smallSizeMax */
    static final int SMALL_SIZE_MAX = 1024;
    /** @mirrors sizeclasses.go:largeSizeDiv */
    static final int LARGE_SIZE_DIV = 128;

    private static final int[] CLASS_TO_SIZE = new int[NUM_SIZE_CLASSES];
    private static final int[] CLASS_TO_ALLOC_NPAGES = new int[NUM_SIZE_CLASSES];
    private static final int[] CLASS_TO_NOBJ = new int[NUM_SIZE_CLASSES];
    private static final byte[] SIZE_TO_CLASS8 = new byte[SMALL_SIZE_MAX / SMALL_SIZE_DIV + 1];
    private static final byte[] SIZE_TO_CLASS128 = new byte[(MAX_SMALL_SIZE - SMALL_SIZE_MAX) / LARGE_SIZE_DIV + 1];

    static {
        List<String> rows = readTable();
        if (rows.size() != NUM_SIZE_CLASSES) {
            throw new IllegalStateException("size-class table has " + rows.size() + " rows, expected "
                    + NUM_SIZE_CLASSES);
        }
        for (String row : rows) {
            String[] f = row.split(",");
            int c = Integer.parseInt(f[0]);
            CLASS_TO_SIZE[c] = Integer.parseInt(f[1]);
            CLASS_TO_ALLOC_NPAGES[c] = Integer.parseInt(f[2]);
            CLASS_TO_NOBJ[c] = Integer.parseInt(f[3]);
        }
        // Smallest class whose size is at least the (rounded) request, as Go's mksizeclasses computes it.
        int c = 0;
        for (int i = 0; i < SIZE_TO_CLASS8.length; i++) {
            int size = i * SMALL_SIZE_DIV;
            while (CLASS_TO_SIZE[c] < size) {
                c++;
            }
            SIZE_TO_CLASS8[i] = (byte) c;
        }
        for (int i = 0; i < SIZE_TO_CLASS128.length; i++) {
            int size = SMALL_SIZE_MAX + i * LARGE_SIZE_DIV;
            while (CLASS_TO_SIZE[c] < size) {
                c++;
            }
            SIZE_TO_CLASS128[i] = (byte) c;
        }
    }

    private SizeClasses() {
    }

    private static List<String> readTable() {
        try (InputStream in = SizeClasses.class.getResourceAsStream("sizeclasses-dac936a4.csv")) {
            if (in == null) {
                throw new IllegalStateException("missing resource sizeclasses-dac936a4.csv");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .skip(1)
                    .filter(l -> !l.isBlank())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Bytes per object of a class (0 for class 0).
     *
     * @mirrors sizeclasses.go:class_to_size
     */
    public static int classToSize(int sizeclass) {
        return CLASS_TO_SIZE[checkClass(sizeclass)];
    }

    /**
     * Pages per span of a class (0 for class 0).
     *
     * @mirrors sizeclasses.go:class_to_allocnpages
     */
    public static int classToAllocNPages(int sizeclass) {
        return CLASS_TO_ALLOC_NPAGES[checkClass(sizeclass)];
    }

    /** Objects per span of a class (the table's objects column; equals pages*8192/size). */
    public static int classToObjects(int sizeclass) {
        return CLASS_TO_NOBJ[checkClass(sizeclass)];
    }

    /**
     * The size class serving a small request of {@code size} bytes, 1 to 32768.
     *
     * @throws IllegalArgumentException naming the size when it is not a small size
     * @mirrors malloc.go:mallocgc the size_to_class8 / size_to_class128 lookup of the small-object path
     */
    public static int sizeToClass(long size) {
        if (size <= 0 || size > MAX_SMALL_SIZE) {
            throw new IllegalArgumentException("size " + size + " is not a small-object size (1.." + MAX_SMALL_SIZE
                    + ")");
        }
        if (size <= SMALL_SIZE_MAX - 8) {
            return SIZE_TO_CLASS8[(int) ((size + SMALL_SIZE_DIV - 1) / SMALL_SIZE_DIV)];
        }
        return SIZE_TO_CLASS128[(int) ((size - SMALL_SIZE_MAX + LARGE_SIZE_DIV - 1) / LARGE_SIZE_DIV)];
    }

    /**
     * The allocation size of a request: its class size when small, else whole pages.
     *
     * @mirrors msize.go:roundupsize
     */
    public static long roundUpSize(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        if (size < MAX_SMALL_SIZE) {
            return size == 0 ? 0 : classToSize(sizeToClass(size));
        }
        long pageSize = 1L << HeapConstants.PAGE_SHIFT;
        if (size + pageSize < size) {
            return size;
        }
        return (size + pageSize - 1) & -pageSize;
    }

    private static int checkClass(int sizeclass) {
        if (sizeclass < 0 || sizeclass >= NUM_SIZE_CLASSES) {
            throw new IllegalArgumentException("size class " + sizeclass + " out of range 0.." + (NUM_SIZE_CLASSES - 1));
        }
        return sizeclass;
    }
}

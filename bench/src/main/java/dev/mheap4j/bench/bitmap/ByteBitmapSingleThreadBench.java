package dev.mheap4j.bench.bitmap;

import dev.mheap4j.bitmap.AtomicByteBitmap;
import dev.mheap4j.bitmap.PlainByteBitmap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Question: with no contention, what does one pageInUse update (set a bit with or8, then clear it with and8, as an
 * allocation followed by a free) and one pageInUse read (load8) cost through {@link AtomicByteBitmap}'s VarHandle,
 * compared with what a Java port could use instead: the plain bitmap under a {@link ReentrantLock} (the pre-seed
 * heap lock), under {@code synchronized}, or a CAS loop on an {@code AtomicIntegerArray} word?
 *
 * <p>Bitmaps are one linux/amd64 arena's 1024 bytes; the byte touched is 64.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
public class ByteBitmapSingleThreadBench {

    private static final int SIZE = 1024;
    private static final int INDEX = 64;
    private static final byte BIT = 0x10;

    private final AtomicByteBitmap atomic = new AtomicByteBitmap(SIZE);
    private final PlainByteBitmap plain = new PlainByteBitmap(SIZE);
    private final ReentrantLock lock = new ReentrantLock();
    private final Object monitor = new Object();
    private final CasWordByteBitmap casWord = new CasWordByteBitmap(SIZE);

    @Benchmark
    public void orAnd_varHandle() {
        atomic.or8(INDEX, BIT);
        atomic.and8(INDEX, (byte) ~BIT);
    }

    @Benchmark
    public void orAnd_reentrantLock() {
        lock.lock();
        try {
            plain.or8(INDEX, BIT);
        } finally {
            lock.unlock();
        }
        lock.lock();
        try {
            plain.and8(INDEX, (byte) ~BIT);
        } finally {
            lock.unlock();
        }
    }

    @Benchmark
    public void orAnd_synchronized() {
        synchronized (monitor) {
            plain.or8(INDEX, BIT);
        }
        synchronized (monitor) {
            plain.and8(INDEX, (byte) ~BIT);
        }
    }

    @Benchmark
    public void orAnd_casWord() {
        casWord.or8(INDEX, BIT);
        casWord.and8(INDEX, (byte) ~BIT);
    }

    @Benchmark
    public byte load_varHandle() {
        return atomic.load8(INDEX);
    }

    @Benchmark
    public byte load_reentrantLock() {
        lock.lock();
        try {
            return plain.load8(INDEX);
        } finally {
            lock.unlock();
        }
    }

    @Benchmark
    public byte load_synchronized() {
        synchronized (monitor) {
            return plain.load8(INDEX);
        }
    }

    @Benchmark
    public byte load_casWord() {
        return casWord.load8(INDEX);
    }
}

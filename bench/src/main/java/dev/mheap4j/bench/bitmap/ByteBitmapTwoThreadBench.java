package dev.mheap4j.bench.bitmap;

import dev.mheap4j.bitmap.AtomicByteBitmap;
import dev.mheap4j.bitmap.PlainByteBitmap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Question: when two threads update pageInUse bits at the same time (a762221bea's allocSpan sets bits without the
 * heap lock), how much does each update (or8 then and8 of the thread's own bit) cost with the VarHandle, compared
 * with one lock for the whole bitmap (ReentrantLock, synchronized) and with a CAS loop on an AtomicIntegerArray word;
 * and does it matter whether the two bits share a byte ({@code distance = 0}: true sharing, the case Go's Or8 exists
 * for) or sit 128 bytes apart ({@code distance = 128}: separate cache lines, so only the locks still serialise)?
 *
 * <p>Each group runs two threads: thread A on byte 64, bit 0; thread B on byte {@code 64 + distance}, bit 7.
 * Scores are per operation per thread; JMH also prints each thread's score.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ByteBitmapTwoThreadBench {

    private static final int SIZE = 1024;
    private static final int INDEX_A = 64;
    private static final byte BIT_A = 0x01;
    private static final byte BIT_B = (byte) 0x80;

    /** Bytes between thread A's and thread B's byte. */
    @Param({"0", "128"})
    public int distance;

    private int indexB;
    private final AtomicByteBitmap atomic = new AtomicByteBitmap(SIZE);
    private final PlainByteBitmap plain = new PlainByteBitmap(SIZE);
    private final ReentrantLock lock = new ReentrantLock();
    private final Object monitor = new Object();
    private final CasWordByteBitmap casWord = new CasWordByteBitmap(SIZE);

    @Setup
    public void setUp() {
        indexB = INDEX_A + distance;
    }

    // ----- VarHandle (AtomicByteBitmap) -----

    @Benchmark
    @Group("varHandle")
    @GroupThreads(1)
    public void varHandleA() {
        atomic.or8(INDEX_A, BIT_A);
        atomic.and8(INDEX_A, (byte) ~BIT_A);
    }

    @Benchmark
    @Group("varHandle")
    @GroupThreads(1)
    public void varHandleB() {
        atomic.or8(indexB, BIT_B);
        atomic.and8(indexB, (byte) ~BIT_B);
    }

    // ----- plain bitmap under one ReentrantLock -----

    @Benchmark
    @Group("reentrantLock")
    @GroupThreads(1)
    public void reentrantLockA() {
        lockedOrAnd(INDEX_A, BIT_A);
    }

    @Benchmark
    @Group("reentrantLock")
    @GroupThreads(1)
    public void reentrantLockB() {
        lockedOrAnd(indexB, BIT_B);
    }

    private void lockedOrAnd(int index, byte bit) {
        lock.lock();
        try {
            plain.or8(index, bit);
        } finally {
            lock.unlock();
        }
        lock.lock();
        try {
            plain.and8(index, (byte) ~bit);
        } finally {
            lock.unlock();
        }
    }

    // ----- plain bitmap under one monitor -----

    @Benchmark
    @Group("synchronized")
    @GroupThreads(1)
    public void synchronizedA() {
        synchronizedOrAnd(INDEX_A, BIT_A);
    }

    @Benchmark
    @Group("synchronized")
    @GroupThreads(1)
    public void synchronizedB() {
        synchronizedOrAnd(indexB, BIT_B);
    }

    private void synchronizedOrAnd(int index, byte bit) {
        synchronized (monitor) {
            plain.or8(index, bit);
        }
        synchronized (monitor) {
            plain.and8(index, (byte) ~bit);
        }
    }

    // ----- CAS loop on an AtomicIntegerArray word -----

    @Benchmark
    @Group("casWord")
    @GroupThreads(1)
    public void casWordA() {
        casWord.or8(INDEX_A, BIT_A);
        casWord.and8(INDEX_A, (byte) ~BIT_A);
    }

    @Benchmark
    @Group("casWord")
    @GroupThreads(1)
    public void casWordB() {
        casWord.or8(indexB, BIT_B);
        casWord.and8(indexB, (byte) ~BIT_B);
    }
}

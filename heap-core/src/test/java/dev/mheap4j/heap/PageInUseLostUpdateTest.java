package dev.mheap4j.heap;

import static dev.mheap4j.heap.HeapTesting.LARGE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mheap4j.bitmap.BitmapKind;
import dev.mheap4j.bitmap.ByteBitmap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Why the seed made pageInUse atomic, shown with one staged interleaving instead of luck. Thread A allocates a
 * one-page span and is paused inside its in-use-bit OR; thread B then allocates the next page, whose bit lives in
 * the same byte; then A resumes.
 *
 * <ul>
 *   <li>PARENT and SEED modes: A holds the heap lock while it sets the bit, so B waits for the lock and the bits
 *       cannot interleave, plain or atomic.</li>
 *   <li>ALLOC_SPAN mode: A sets the bit after releasing the lock, so B's OR runs while A's is in flight. With the
 *       atomic bitmap A's OR happens whole after B's and both bits survive; with a plain bitmap A has already read
 *       the byte, writes it back over B's bit, and B's span is in use without its bit: the page reclaimer would
 *       never see it. This is the lost update the seed's Or8 prevents.</li>
 * </ul>
 */
class PageInUseLostUpdateTest {

    /** A bitmap whose next or8 by one chosen thread stops in the middle: after its read (plain) or before it (atomic). */
    static final class PausableBitmap implements ByteBitmap {
        private final ByteBitmap delegate;
        private final boolean atomic;
        final AtomicReference<Thread> pauser = new AtomicReference<>();
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        PausableBitmap(ByteBitmap delegate, boolean atomic) {
            this.delegate = delegate;
            this.atomic = atomic;
        }

        @Override
        public void or8(int byteIndex, byte mask) {
            if (!pauser.compareAndSet(Thread.currentThread(), null)) {
                delegate.or8(byteIndex, mask);
                return;
            }
            if (atomic) {
                pause();
                delegate.or8(byteIndex, mask);
            } else {
                byte old = delegate.load8(byteIndex); // the plain read-modify-write, split where the CPU may split it
                pause();
                delegate.store8(byteIndex, (byte) (old | mask));
            }
        }

        private void pause() {
            reached.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public int sizeBytes() {
            return delegate.sizeBytes();
        }

        @Override
        public void and8(int byteIndex, byte mask) {
            delegate.and8(byteIndex, mask);
        }

        @Override
        public byte load8(int byteIndex) {
            return delegate.load8(byteIndex);
        }

        @Override
        public void store8(int byteIndex, byte value) {
            delegate.store8(byteIndex, value);
        }

        @Override
        public long load64(int wordIndex) {
            return delegate.load64(wordIndex);
        }

        @Override
        public void clear() {
            delegate.clear();
        }
    }

    @ParameterizedTest(name = "{0} with a {1} pageInUse")
    @CsvSource({"PARENT, PLAIN", "SEED, PLAIN", "SEED, ATOMIC", "ALLOC_SPAN, ATOMIC", "ALLOC_SPAN, PLAIN"})
    void concurrentOrsOnOneByte(SyncMode mode, BitmapKind kind) throws Exception {
        List<PausableBitmap> bitmaps = new CopyOnWriteArrayList<>();
        MHeap heap = new MHeap(HeapConfig.of(mode).withPageInUseOverride(size -> {
            PausableBitmap b = new PausableBitmap(kind.create(size), kind == BitmapKind.ATOMIC);
            bitmaps.add(b);
            return b;
        }));
        heap.allocManual(1); // maps the arena; page 0 is manual, so it has no in-use bit
        PausableBitmap bitmap = bitmaps.get(0);

        AtomicReference<MSpan> a = new AtomicReference<>();
        AtomicReference<MSpan> b = new AtomicReference<>();
        Thread threadA = new Thread(() -> a.set(heap.alloc(1, LARGE, false)), "A");
        bitmap.pauser.set(threadA);
        threadA.start();
        assertThat(bitmap.reached.await(10, TimeUnit.SECONDS)).as("A reached its OR").isTrue();

        Thread threadB = new Thread(() -> b.set(heap.alloc(1, LARGE, false)), "B");
        threadB.start();
        if (mode.publishesAfterUnlock()) {
            threadB.join(10_000);
            assertThat(threadB.isAlive()).as("B finished while A is paused outside the lock").isFalse();
        } else {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!heap.lock().hasQueuedThreads() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(heap.lock().hasQueuedThreads()).as("B waits for the heap lock A holds").isTrue();
        }
        bitmap.release.countDown();
        threadA.join(10_000);
        threadB.join(10_000);

        long aBase = a.get().base();
        long bBase = b.get().base();
        assertThat(heap.layout().pageByteIndex(aBase)).as("both bits in one byte")
                .isEqualTo(heap.layout().pageByteIndex(bBase));
        List<String> problems = HeapInvariants.check(heap);
        if (mode == SyncMode.ALLOC_SPAN && kind == BitmapKind.PLAIN) {
            System.out.println("ALLOC_SPAN with a plain pageInUse, invariant checker says: " + problems);
            assertThat(HeapTesting.inUseBit(heap, bBase)).as("B's bit was overwritten").isFalse();
            assertThat(problems).anyMatch(p -> p.contains("pageInUse bit of page 0x" + Long.toHexString(bBase)
                    + " is false"));
        } else {
            assertThat(HeapTesting.inUseBit(heap, aBase)).isTrue();
            assertThat(HeapTesting.inUseBit(heap, bBase)).isTrue();
            assertThat(problems).isEmpty();
        }
    }
}

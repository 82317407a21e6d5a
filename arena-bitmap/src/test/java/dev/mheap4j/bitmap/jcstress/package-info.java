/**
 * jcstress tests backing the concurrency claims of {@link dev.mheap4j.bitmap.AtomicByteBitmap} (no lost update,
 * publication by or8/load8) and showing what {@link dev.mheap4j.bitmap.PlainByteBitmap} loses without a lock.
 * They run in {@code mvn verify} through the parent POM's "jcstress" profile; see docs/testing.md.
 */
package dev.mheap4j.bitmap.jcstress;

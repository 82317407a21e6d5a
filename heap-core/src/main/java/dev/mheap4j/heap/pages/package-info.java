/**
 * Go's radix-tree page allocator at commit dac936a4 (mpagealloc.go, mpagealloc_64bit.go, mpallocbits.go and the
 * page-allocator half of mgcscavenge.go), usable on its own: {@link dev.mheap4j.heap.pages.PageAlloc} manages
 * simulated 64-bit addresses (metadata only, no memory behind them).
 *
 * <p>Bitmaps and summaries live in {@code long[]} blocks; the per-chunk helpers ({@link
 * dev.mheap4j.heap.pages.PageBits}, {@link dev.mheap4j.heap.pages.PallocBits}, {@link
 * dev.mheap4j.heap.pages.PallocData}, {@link dev.mheap4j.heap.pages.PallocSum}) are static methods over an array and
 * an offset, so that the allocation fast path creates no Java object. See docs/page-allocator.md.
 */
package dev.mheap4j.heap.pages;

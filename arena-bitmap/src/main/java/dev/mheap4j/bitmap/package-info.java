/**
 * Atomic byte bitmaps and heap arena index math, mirroring the parts of Go's runtime (malloc.go, mheap.go,
 * runtime/internal/atomic) that the page sweeper's metadata uses. Depends on nothing else of mheap4j.
 */
package dev.mheap4j.bitmap;

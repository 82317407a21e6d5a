/** Spans, heap arenas, the allocation front end, the GC cycle and the MHeap facade (mheap.go, mcentral.go, mcache.go). */
package dev.mheap4j.heap;

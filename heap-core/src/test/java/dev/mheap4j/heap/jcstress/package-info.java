/** jcstress tests of heap-core's publication order (run by `mvn verify`; see docs/testing.md). */
package dev.mheap4j.heap.jcstress;

/** Go's GC pacer and sweep pacing math at the seed commit (mgc.go, mgcscavenge.go). Owns numbers, not spans. */
package dev.mheap4j.pacer;

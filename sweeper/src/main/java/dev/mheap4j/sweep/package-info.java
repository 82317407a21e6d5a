/**
 * The sweep-generation protocol, sweeping orchestration, the page reclaimer and proportional sweep credit
 * (mgcsweep.go, mheap.go), written against a narrow heap interface this package defines.
 */
package dev.mheap4j.sweep;

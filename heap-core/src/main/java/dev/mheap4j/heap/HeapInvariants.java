package dev.mheap4j.heap;

import dev.mheap4j.bitmap.ArenaLayout;
import dev.mheap4j.heap.pages.PageAlloc;
import dev.mheap4j.sweep.SweepGen;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the heap's metadata for consistency at a quiescent point (no allocation, free or sweep running). It takes
 * the heap lock and each mcentral's lock while it reads.
 *
 * <p>What it checks:
 * <ol>
 *   <li>pagesInUse equals the sum of npages over spans in state IN_USE (Go's TestPageAccounting);</li>
 *   <li>a page's pageInUse bit is set exactly when the page is the first page of an IN_USE span;</li>
 *   <li>every page of an IN_USE or MANUAL span maps to that span in its arena's spans table;</li>
 *   <li>the page allocator has exactly the pages of IN_USE and MANUAL spans allocated, no page of two spans,
 *       no page both allocated and scavenged, and its summaries agree with its bitmaps;</li>
 *   <li>heap_inuse and stacks_inuse equal the bytes of IN_USE and MANUAL spans, and heap_inuse + heap_idle equals
 *       heap_sys;</li>
 *   <li>every span on an mcentral list is IN_USE, of that mcentral's class, and on the list it says it is on.</li>
 * </ol>
 *
 * @mirrors export_test.go:CountPagesInUse
 * @mirrors export_test.go:CheckScavengedBitsCleared
 */
public final class HeapInvariants {

    private static final int MAX_REPORTED = 20;

    private HeapInvariants() {
    }

    /** Returns every violation found (empty when consistent), at most a few per kind. */
    public static List<String> check(MHeap heap) {
        List<String> problems = new ArrayList<>();
        heap.withLock(view -> {
            checkLocked(heap, view, problems);
            return null;
        });
        checkCentralLists(heap, problems);
        return problems;
    }

    /**
     * Throws when anything is inconsistent.
     *
     * @throws IllegalStateException listing the violations
     */
    public static void checkOrThrow(MHeap heap) {
        List<String> problems = check(heap);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("heap invariants violated:\n  " + String.join("\n  ", problems));
        }
    }

    private static void checkLocked(MHeap heap, MHeap.LockedView view, List<String> problems) {
        ArenaLayout layout = heap.layout();
        PageAlloc pages = view.pages();
        List<MSpan> live = new ArrayList<>();
        long inUsePages = 0;
        long inUseBytes = 0;
        long manualBytes = 0;
        for (MSpan s : view.allspans()) {
            MSpanState state = s.state();
            if (state == MSpanState.IN_USE) {
                inUsePages += s.npages;
                inUseBytes += s.npages << HeapConstants.PAGE_SHIFT;
                live.add(s);
            } else if (state == MSpanState.MANUAL) {
                manualBytes += s.npages << HeapConstants.PAGE_SHIFT;
                live.add(s);
            }
        }
        if (heap.pagesInUse() != inUsePages) {
            add(problems, "pagesInUse " + heap.pagesInUse() + " != " + inUsePages + " pages in IN_USE spans");
        }

        // Which span owns each page, from the spans themselves.
        Map<Long, MSpan> owner = new java.util.HashMap<>();
        for (MSpan s : live) {
            for (long p = 0; p < s.npages; p++) {
                long addr = s.base() + (p << HeapConstants.PAGE_SHIFT);
                MSpan prev = owner.put(addr, s);
                if (prev != null) {
                    add(problems, "page 0x" + Long.toHexString(addr) + " belongs to both " + prev + " and " + s);
                }
                MSpan recorded;
                try {
                    recorded = heap.spanOf(addr);
                } catch (IllegalArgumentException e) {
                    add(problems, s + " covers unmapped page 0x" + Long.toHexString(addr));
                    continue;
                }
                if (recorded != s) {
                    add(problems, "spans entry of page 0x" + Long.toHexString(addr) + " is " + recorded + ", not " + s);
                }
                if (!pages.isAllocated(addr)) {
                    add(problems, "page 0x" + Long.toHexString(addr) + " of " + s + " is free in the page allocator");
                }
            }
        }

        // Every mapped page: in-use bit, allocation and scavenged bits.
        Map<MSpan, Boolean> firstPages = new IdentityHashMap<>();
        for (long ai : heap.allArenasLocked()) {
            HeapArena ha = heap.arena(ai);
            long arenaBase = layout.arenaBase(ai);
            for (int i = 0; i < layout.pagesPerArena(); i++) {
                long addr = arenaBase + ((long) i << HeapConstants.PAGE_SHIFT);
                MSpan s = owner.get(addr);
                boolean firstOfInUse = s != null && s.state() == MSpanState.IN_USE && s.base() == addr;
                boolean bit = (ha.bitmaps().pageInUse().load8(i >>> 3) & (1 << (i & 7))) != 0;
                if (bit != firstOfInUse) {
                    add(problems, "pageInUse bit of page 0x" + Long.toHexString(addr) + " is " + bit + " but the page "
                            + (firstOfInUse ? "starts in-use span " + s : s == null ? "is in no span" : "is inside " + s));
                }
                if (firstOfInUse) {
                    firstPages.put(s, Boolean.TRUE);
                }
                boolean allocated = pages.isAllocated(addr);
                if (allocated && s == null) {
                    add(problems, "page 0x" + Long.toHexString(addr) + " is allocated but in no live span");
                }
                if (allocated && pages.isScavenged(addr)) {
                    add(problems, "page 0x" + Long.toHexString(addr) + " is both allocated and scavenged");
                }
            }
        }
        try {
            pages.checkInvariants();
        } catch (IllegalStateException e) {
            add(problems, "page allocator: " + e.getMessage());
        }

        MemStats st = heap.stats();
        if (st.heapInuse() != inUseBytes) {
            add(problems, "heap_inuse " + st.heapInuse() + " != " + inUseBytes + " bytes in IN_USE spans");
        }
        if (st.stacksInuse() != manualBytes) {
            add(problems, "stacks_inuse " + st.stacksInuse() + " != " + manualBytes + " bytes in MANUAL spans");
        }
        if (st.heapInuse() + st.heapIdle() != st.heapSys()) {
            add(problems, "heap_inuse " + st.heapInuse() + " + heap_idle " + st.heapIdle() + " != heap_sys "
                    + st.heapSys());
        }
    }

    private static void checkCentralLists(MHeap heap, List<String> problems) {
        for (int spc = 0; spc < SpanClass.NUM_SPAN_CLASSES; spc++) {
            MCentral c = heap.central(spc);
            int spanclass = spc;
            c.withLock(() -> {
                for (MSpanList list : new MSpanList[] {c.nonempty, c.empty}) {
                    for (MSpan s = list.first; s != null; s = s.next) {
                        if (s.state() != MSpanState.IN_USE || s.spanclass != spanclass || s.list != list) {
                            add(problems, "mcentral " + spanclass + " list holds " + s);
                        }
                    }
                }
                return null;
            });
        }
    }

    /**
     * Within a sweep cycle, at a quiescent point: the pages of spans still to sweep (sg-2, or sg+1 in an mcache)
     * plus the pages swept so far this cycle (freed or kept) equal pagesInUse when the cycle's sweep began.
     * Returns the violation, or an empty list.
     */
    public static List<String> checkSweepAccounting(MHeap heap) {
        List<String> problems = new ArrayList<>();
        int sg = heap.sweepgen();
        long unswept = heap.withLock(view -> {
            long n = 0;
            for (MSpan s : view.allspans()) {
                if (s.state() == MSpanState.IN_USE
                        && (SweepGen.needsSweep(s.sweepgen(), sg)
                        || SweepGen.isStaleCached(s.sweepgen(), sg))) {
                    n += s.npages;
                }
            }
            return n;
        });
        long swept = heap.pagesSwept();
        if (swept + unswept != heap.pagesInUseAtSweepStart()) {
            problems.add("pages swept " + swept + " + pages unswept " + unswept + " != pagesInUse at sweep start "
                    + heap.pagesInUseAtSweepStart());
        }
        return problems;
    }

    private static void add(List<String> problems, String problem) {
        if (problems.size() < MAX_REPORTED) {
            problems.add(problem);
        } else if (problems.size() == MAX_REPORTED) {
            problems.add("... more");
        }
    }
}

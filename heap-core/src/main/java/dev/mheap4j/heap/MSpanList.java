package dev.mheap4j.heap;

/**
 * A doubly linked list of spans threaded through the spans' own {@code next}/{@code prev} fields; a span is in at
 * most one list. Not thread-safe: the owner (an mcentral) guards it with its lock.
 *
 * @mirrors mheap.go:mSpanList
 */
final class MSpanList {

    /** First span, or null. Guarded by the owner's lock. */
    MSpan first;
    /** Last span, or null. Guarded by the owner's lock. */
    MSpan last;

    /** @mirrors mheap.go:(*mSpanList).isEmpty */
    boolean isEmpty() {
        return first == null;
    }

    /**
     * Unlinks {@code span}, which must be in this list.
     *
     * @throws GoThrow "mSpanList.remove" when it is not
     * @mirrors mheap.go:(*mSpanList).remove
     */
    void remove(MSpan span) {
        if (span.list != this) {
            throw new GoThrow("mSpanList.remove: " + span + " is not in this list");
        }
        if (first == span) {
            first = span.next;
        } else {
            span.prev.next = span.next;
        }
        if (last == span) {
            last = span.prev;
        } else {
            span.next.prev = span.prev;
        }
        span.next = null;
        span.prev = null;
        span.list = null;
    }

    /**
     * Links {@code span} at the front.
     *
     * @throws GoThrow "mSpanList.insert" when the span is already linked somewhere
     * @mirrors mheap.go:(*mSpanList).insert
     */
    void insert(MSpan span) {
        checkUnlinked(span, "mSpanList.insert");
        span.next = first;
        if (first != null) {
            first.prev = span;
        } else {
            last = span;
        }
        first = span;
        span.list = this;
    }

    /**
     * Links {@code span} at the back.
     *
     * @throws GoThrow "mSpanList.insertBack" when the span is already linked somewhere
     * @mirrors mheap.go:(*mSpanList).insertBack
     */
    void insertBack(MSpan span) {
        checkUnlinked(span, "mSpanList.insertBack");
        span.prev = last;
        if (last != null) {
            last.next = span;
        } else {
            first = span;
        }
        last = span;
        span.list = this;
    }

    /** Number of spans (walks the list; for checks and tests). */
    int size() {
        int n = 0;
        for (MSpan s = first; s != null; s = s.next) {
            n++;
        }
        return n;
    }

    private static void checkUnlinked(MSpan span, String goMessage) {
        if (span.next != null || span.prev != null || span.list != null) {
            throw new GoThrow(goMessage + ": " + span + " is already linked");
        }
    }
}

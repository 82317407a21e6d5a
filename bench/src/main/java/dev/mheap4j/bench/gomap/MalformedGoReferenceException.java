package dev.mheap4j.bench.gomap;

/** Thrown when a {@code @mirrors} tag does not follow {@link GoReference}'s syntax; the message names the tag. */
public final class MalformedGoReferenceException extends IllegalArgumentException {
    public MalformedGoReferenceException(String message) {
        super(message);
    }
}

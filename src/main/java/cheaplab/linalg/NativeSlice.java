package cheaplab.linalg;

/**
 * A position in a {@link NativeBuffer}: the buffer's owner plus an element offset. {@link Blas} calls take
 * slices, never raw pointers, so whoever holds a slice keeps the buffer alive.
 */
public record NativeSlice(NativeBuffer owner, long offset) {
    public NativeSlice {
        if (owner == null) throw new IllegalArgumentException("a slice needs its buffer");
        if (offset < 0 || offset > owner.length())
            throw new IndexOutOfBoundsException("offset " + offset + " outside a buffer of " + owner.length());
    }

    /** The slice {@code elements} further on. */
    public NativeSlice plus(long elements) {
        return new NativeSlice(owner, offset + elements);
    }
}

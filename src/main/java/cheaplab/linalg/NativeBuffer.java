package cheaplab.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.nio.ByteBuffer;

/**
 * The one owner of an ND4J array's native buffer while native code (CBLAS) reads or writes it.
 *
 * <p>Why it exists: {@code INDArray.data().addressPointer()} returns a bare address with no deallocator and no
 * reference to the array. ND4J frees the buffer when the Java array object is collected, and the JIT may
 * consider the array dead right after its last <em>Java</em> use — while a BLAS call still writes through the
 * address, or between two calls that reuse a pointer kept in a field. So native code never gets a pointer
 * without its owner: {@link Blas} takes {@link NativeSlice}s (this buffer plus an element offset), builds the
 * JavaCPP pointer for the duration of one call and then {@link java.lang.ref.Reference#reachabilityFence fences}
 * the slice, which keeps this object — and through {@link #array} the buffer — alive until the call returned.
 * Offsets and extents are checked against the buffer's length before every call, so a wrong leading dimension
 * is an exception, not a write past the end of the heap block.
 */
public final class NativeBuffer {
    /** What keeps the memory alive: an ND4J array or a direct {@link ByteBuffer}. */
    private final INDArray array;
    private final ByteBuffer direct;
    private final DataType type;
    private final long length;
    private final long address;

    private NativeBuffer(INDArray array) {
        if (array.isView() || array.ordering() != 'c')
            throw new IllegalArgumentException("native buffers are C-ordered base arrays, not views");
        if (array.dataType() != DataType.FLOAT && array.dataType() != DataType.DOUBLE)
            throw new IllegalArgumentException("native buffers hold float or double, not " + array.dataType());
        this.array = array;
        this.direct = null;
        this.type = array.dataType();
        this.length = array.length();
        this.address = array.data().addressPointer().address();
    }

    private NativeBuffer(ByteBuffer direct) {
        if (!direct.isDirect()) throw new IllegalArgumentException("a native buffer needs a direct ByteBuffer");
        this.array = null;
        this.direct = direct;
        this.type = DataType.FLOAT;
        this.length = direct.capacity() / Float.BYTES;
        Pointer p = new Pointer(direct); // JNI GetDirectBufferAddress (+ position, which is 0 for a fresh slice)
        this.address = p.address() + p.position();
        java.lang.ref.Reference.reachabilityFence(p);
    }

    /** The owner of {@code array}'s buffer (a C-ordered float or double base array). */
    public static NativeBuffer of(INDArray array) {
        return new NativeBuffer(array);
    }

    /** The owner of a direct buffer of floats (native byte order, from its position 0). */
    public static NativeBuffer of(ByteBuffer direct) {
        return new NativeBuffer(direct);
    }

    /** A new zeroed float buffer of {@code rows × cols}. */
    public static NativeBuffer floats(long rows, long cols) {
        return of(org.nd4j.linalg.factory.Nd4j.zeros(DataType.FLOAT, rows, cols));
    }

    /** The array this buffer belongs to (for ND4J operations on it); null for a direct ByteBuffer. */
    public INDArray array() {
        return array;
    }

    /** The direct ByteBuffer this buffer belongs to; null for an ND4J array. */
    public ByteBuffer direct() {
        return direct;
    }

    public DataType type() {
        return type;
    }

    /** Elements in the buffer. */
    public long length() {
        return length;
    }

    /**
     * The buffer's bytes in native order, for Java code working beside BLAS on the same memory. The view does not
     * keep the memory alive: whoever uses it holds this owner in a field and fences it after each use (as
     * {@code lab.mlp.DenseBackpropagation} does), and stops using the view once the owner's array is closed — the
     * closed check here is made only when the view is taken.
     */
    public java.nio.ByteBuffer bytes() {
        if (array != null && array.wasClosed()) throw new IllegalStateException("native buffer used after it was released");
        java.nio.ByteBuffer b = array != null ? array.data().asNio() : direct.duplicate();
        return b.order(java.nio.ByteOrder.nativeOrder());
    }

    /** Element {@code offset} of this buffer, for a {@link Blas} call. */
    public NativeSlice at(long offset) {
        return new NativeSlice(this, offset);
    }

    /** A JavaCPP float pointer to element {@code offset}: valid only while this owner is reachable (see {@link Blas}). */
    FloatPointer floatPointer(long offset) {
        if (type != DataType.FLOAT) throw new IllegalArgumentException("expected a float buffer, was " + type);
        return new FloatPointer(raw()).position(offset);
    }

    DoublePointer doublePointer(long offset) {
        if (type != DataType.DOUBLE) throw new IllegalArgumentException("expected a double buffer, was " + type);
        return new DoublePointer(raw()).position(offset);
    }

    private Pointer raw() {
        // A released owner (NativeArrays) must never be written through: its memory may belong to someone else now.
        if (array != null && array.wasClosed()) throw new IllegalStateException("native buffer used after it was released");
        return new Pointer() {
            {
                address = NativeBuffer.this.address;
            }
        };
    }

    /** Throws unless elements {@code offset … offset + extent − 1} lie inside this buffer. */
    void require(long offset, long extent, String what) {
        if (offset < 0 || extent < 0 || offset + extent > length)
            throw new IndexOutOfBoundsException(what + ": elements " + offset + " … " + (offset + extent - 1)
                    + " outside a buffer of " + length);
    }
}

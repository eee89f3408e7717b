package cheaplab.lab.rbm;

import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A contiguous block of rows of a float data matrix whose rows are visible vectors followed by a constant 1
 * (the bias unit of {@link BernoulliRbm}'s layout): {@code base} is {@code n × (visible + 1)}, C-ordered, and
 * this block is rows {@code first … first + count − 1}.
 */
public record VisibleRows(INDArray base, int first, int count) {
    public VisibleRows {
        if (base.dataType() != DataType.FLOAT || base.isView() || base.ordering() != 'c' || base.rank() != 2)
            throw new IllegalArgumentException("visible rows live in a C-ordered float base matrix");
        if (first < 0 || count < 0 || (long) first + count > base.rows())
            throw new IllegalArgumentException("rows " + first + "+" + count + " outside 0.." + base.rows());
    }

    /** Copies {@code v} ({@code n × visible}, values in [0, 1]) into a new matrix with the bias column. */
    public static VisibleRows of(INDArray v) {
        INDArray m = Nd4j.create(DataType.FLOAT, v.rows(), v.columns() + 1);
        m.get(NDArrayIndex.all(), NDArrayIndex.interval(0, v.columns())).assign(v.castTo(DataType.FLOAT));
        m.getColumn(v.columns()).assign(1.0);
        return new VisibleRows(m, 0, v.rows());
    }

    /** From Java rows of visible values. */
    public static VisibleRows of(double[][] v) {
        return of(Nd4j.createFromArray(v).castTo(DataType.FLOAT));
    }

    public int visible() {
        return (int) base.columns() - 1;
    }

    /** Row stride of the base matrix, in floats. */
    int stride() {
        return (int) base.columns();
    }

    public VisibleRows rows(int from, int n) {
        if (from < 0 || n < 0 || from + n > count) throw new IllegalArgumentException("rows " + from + "+" + n + " of " + count);
        return new VisibleRows(base, first + from, n);
    }

    /** The block including the bias column, as an ND4J view ({@code count × (visible + 1)}). */
    public INDArray withBias() {
        return base.get(NDArrayIndex.interval(first, first + count), NDArrayIndex.all());
    }

    /** The visible values only, as an ND4J view ({@code count × visible}). */
    public INDArray values() {
        return base.get(NDArrayIndex.interval(first, first + count), NDArrayIndex.interval(0, visible()));
    }

    /** The block's first row (with its bias column) for CBLAS calls; the slice keeps {@code base} alive. */
    NativeSlice slice() {
        return NativeBuffer.of(base).at((long) first * stride());
    }
}

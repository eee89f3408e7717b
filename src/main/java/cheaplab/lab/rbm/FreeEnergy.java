package cheaplab.lab.rbm;

import cheaplab.linalg.Blas;
import cheaplab.linalg.NativeArrays;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The free energy of a visible vector, the hidden units summed out:
 * <pre>  F(v) = −log Σ_h e^{−E(v,h)} = −bᵀv − Σⱼ softplus(cⱼ + (vᵀW)ⱼ),   p(v) = e^{−F(v)} / Z.</pre>
 * Cheap (one GEMM per block of rows) where Z is not. Computed in blocks of {@value #BLOCK} rows with reused
 * buffers: A = [v, 1]·Θ gives c + vᵀW and, in its last column, bᵀv; the softplus is the overflow-free one of
 * {@link Softplus}; the row sums are a GEMV with a 0/1 mask.
 */
public final class FreeEnergy implements AutoCloseable {
    static final int BLOCK = 1024;

    private final int nv, nh;
    private final INDArray act, scratch, mask, bv, sums;
    private final NativeSlice pAct, pMask, pBv, pSums;
    private final float[] hostBv = new float[BLOCK], hostSums = new float[BLOCK];

    public FreeEnergy(int visible, int hidden) {
        this.nv = visible;
        this.nh = hidden;
        this.act = Nd4j.create(DataType.FLOAT, BLOCK, hidden + 1);
        this.scratch = Nd4j.create(DataType.FLOAT, BLOCK, hidden + 1);
        this.mask = Nd4j.ones(DataType.FLOAT, hidden + 1);
        mask.putScalar(hidden, 0.0);
        this.bv = Nd4j.create(DataType.FLOAT, BLOCK);
        this.sums = Nd4j.create(DataType.FLOAT, BLOCK);
        this.pAct = NativeBuffer.of(act).at(0);
        this.pMask = NativeBuffer.of(mask).at(0);
        this.pBv = NativeBuffer.of(bv).at(0);
        this.pSums = NativeBuffer.of(sums).at(0);
    }

    /** F(v) of every row. */
    public double[] of(BernoulliRbm rbm, VisibleRows rows) {
        double[] out = new double[rows.count()];
        of(rbm, rows, out, () -> {});
        return out;
    }

    public double mean(BernoulliRbm rbm, VisibleRows rows) {
        return mean(rbm, rows, () -> {});
    }

    /** The mean F(v); {@code checkpoint} runs before every block of rows (a cancelled run's check throws there). */
    public double mean(BernoulliRbm rbm, VisibleRows rows, Runnable checkpoint) {
        double[] f = new double[rows.count()];
        of(rbm, rows, f, checkpoint);
        double s = 0;
        for (double x : f) s += x;
        return s / f.length;
    }

    void of(BernoulliRbm rbm, VisibleRows rows, double[] out, Runnable checkpoint) {
        check(rbm, rows);
        NativeSlice pTheta = rbm.theta(0);
        for (int from = 0; from < rows.count(); from += BLOCK) {
            checkpoint.run();
            int n = Math.min(BLOCK, rows.count() - from);
            activations(pTheta, rows.rows(from, n), pAct);
            fromActivations(act, n, out, from);
        }
    }

    /** A[0 … n−1] = [v, 1]·Θ for the rows ({@code n × (nh + 1)}, leading dimension nh + 1). */
    void activations(NativeSlice pTheta, VisibleRows rows, NativeSlice a) {
        Blas.sgemm(false, false, rows.count(), nh + 1, nv + 1, 1f, rows.slice(), nv + 1, pTheta, nh + 1, 0f, a, nh + 1);
    }

    /**
     * Rows 0 … n−1 of {@code a} ({@code ≥ n × (nh + 1)}, a base array) hold [v, 1]·Θ; writes F(v) of each row to
     * {@code out[off …]}. Overwrites {@code a}.
     */
    void fromActivations(INDArray a, int n, double[] out, int off) {
        NativeSlice pa = a == act ? pAct : NativeBuffer.of(a).at(0);
        Blas.scopy(n, NativeBuffer.of(a).at(nh), nh + 1, pBv, 1); // bᵀv, the last column
        INDArray av = a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        INDArray sv = scratch.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
        Softplus.inPlace(av, sv);
        Blas.sgemv(n, nh + 1, 1f, pa, nh + 1, pMask, 1, 0f, pSums, 1); // Σⱼ<nh softplus
        Blas.get(pBv, hostBv, 0, n);
        Blas.get(pSums, hostSums, 0, n);
        for (int r = 0; r < n; r++) out[off + r] = -(double) hostBv[r] - hostSums[r];
    }

    private void check(BernoulliRbm rbm, VisibleRows rows) {
        if (rbm.visible() != nv || rbm.hidden() != nh || rows.visible() != nv)
            throw new IllegalArgumentException("shapes do not match this free-energy evaluator");
    }

    /** Frees the block buffers (see {@link NativeArrays}); no call may follow. */
    @Override
    public void close() {
        NativeArrays.release(act, scratch, mask, bv, sums);
    }
}

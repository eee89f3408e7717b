package cheaplab.lab.rbm;

import cheaplab.linalg.NativeArrays;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

/**
 * The stochastic pseudo-log-likelihood of scikit-learn's {@code BernoulliRBM.score_samples}: for each row, one
 * visible index i is drawn uniformly and
 * <pre>  PL(v) = nv · log σ(F(ṽ) − F(v)),   ṽ = v with vᵢ replaced by 1 − vᵢ,</pre>
 * an unbiased (over i) estimate of nv times the mean log p(vᵢ | v₋ᵢ). Flipping unit i changes the activations
 * by (1 − 2vᵢ)·Θᵢ (row i of Θ, which also carries bᵢ), so ṽ costs no extra GEMM.
 */
public final class PseudoLikelihood implements AutoCloseable {
    private final int nv, nh;
    private final FreeEnergy freeEnergy;
    private final INDArray act, flipped;
    private final NativeSlice pAct;
    private final double[] f = new double[FreeEnergy.BLOCK], fFlipped = new double[FreeEnergy.BLOCK];

    public PseudoLikelihood(int visible, int hidden) {
        this.nv = visible;
        this.nh = hidden;
        this.freeEnergy = new FreeEnergy(visible, hidden);
        this.act = Nd4j.create(DataType.FLOAT, FreeEnergy.BLOCK, hidden + 1);
        this.flipped = Nd4j.create(DataType.FLOAT, FreeEnergy.BLOCK, hidden + 1);
        this.pAct = NativeBuffer.of(act).at(0);
    }

    /** PL of every row; the flipped index of each row is drawn from {@code rng}, in row order. */
    public double[] of(BernoulliRbm rbm, VisibleRows rows, SplittableRandom rng) {
        return of(rbm, rows, rng, () -> {});
    }

    /** As {@link #of(BernoulliRbm, VisibleRows, SplittableRandom)}; {@code checkpoint} runs before every block of rows. */
    public double[] of(BernoulliRbm rbm, VisibleRows rows, SplittableRandom rng, Runnable checkpoint) {
        if (rbm.visible() != nv || rbm.hidden() != nh || rows.visible() != nv) throw new IllegalArgumentException("shape mismatch");
        double[] out = new double[rows.count()];
        NativeSlice pTheta = rbm.theta(0);
        for (int from = 0; from < rows.count(); from += FreeEnergy.BLOCK) {
            checkpoint.run();
            int n = Math.min(FreeEnergy.BLOCK, rows.count() - from);
            VisibleRows block = rows.rows(from, n);
            int[] index = new int[n];
            float[] sign = new float[n];
            for (int r = 0; r < n; r++) {
                index[r] = rng.nextInt(nv);
                sign[r] = 1f - 2f * rows.base().getFloat(block.first() + r, index[r]);
            }
            freeEnergy.activations(pTheta, block, pAct);
            INDArray fl = flipped.get(NDArrayIndex.interval(0, n), NDArrayIndex.all());
            Nd4j.pullRows(rbm.theta(), fl, 1, index);
            fl.muliColumnVector(Nd4j.createFromArray(sign).reshape(n, 1));
            fl.addi(act.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()));
            freeEnergy.fromActivations(act, n, f, 0);
            freeEnergy.fromActivations(flipped, n, fFlipped, 0);
            for (int r = 0; r < n; r++) out[from + r] = -nv * Softplus.of(f[r] - fFlipped[r]);
        }
        return out;
    }

    public double mean(BernoulliRbm rbm, VisibleRows rows, SplittableRandom rng) {
        return mean(rbm, rows, rng, () -> {});
    }

    public double mean(BernoulliRbm rbm, VisibleRows rows, SplittableRandom rng, Runnable checkpoint) {
        double s = 0;
        for (double x : of(rbm, rows, rng, checkpoint)) s += x;
        return s / rows.count();
    }

    /** Frees the block buffers (see {@link NativeArrays}); no call may follow. */
    @Override
    public void close() {
        freeEnergy.close();
        NativeArrays.release(act, flipped);
    }
}

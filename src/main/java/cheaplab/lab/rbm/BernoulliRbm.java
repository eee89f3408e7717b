package cheaplab.lab.rbm;

import cheaplab.linalg.NativeArrays;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

/**
 * A Bernoulli–Bernoulli restricted Boltzmann machine over v ∈ {0,1}ⁿᵛ, h ∈ {0,1}ⁿʰ with energy
 * <pre>  E(v, h) = −bᵀv − cᵀh − vᵀWh,   p(v, h) = e^{−E(v,h)} / Z,</pre>
 * conditionals p(hⱼ = 1 | v) = σ(cⱼ + (vᵀW)ⱼ) and p(vᵢ = 1 | h) = σ(bᵢ + (Wh)ᵢ).
 *
 * <p>Layout: the parameters live in one float matrix Θ of shape {@code (nv + 1) × (nh + 1)},
 * <pre>  Θ = [ W   b ]
 *      [ cᵀ  0 ]</pre>
 * i.e. the biases are the weights of an always-on unit appended to each layer. A visible row carrying the
 * trailing 1 ({@link VisibleRows}) times Θ gives the hidden pre-activations c + vᵀW in its first nh columns
 * and bᵀv in the last; the gradient of all three parameter groups is one product Vᵀ·H (see
 * {@link ContrastiveDivergence}). W is the strided top-left block; b and c are a column and a row of Θ.
 */
public final class BernoulliRbm {
    /** Clamp for the data means in the visible-bias initialisation log(p / (1 − p)) (pixels never on in the data). */
    public static final double MEAN_CLAMP = 1e-3;
    /** Standard deviation of the initial weights (Hinton 2010, §8). */
    public static final double INITIAL_WEIGHT_SD = 0.01;

    private final int visible;
    private final int hidden;
    private final INDArray theta;
    /** The owner of Θ's native buffer for CBLAS calls (see {@link NativeBuffer}). */
    private final NativeBuffer thetaBuffer;

    BernoulliRbm(int visible, int hidden, INDArray theta) {
        if (theta.dataType() != DataType.FLOAT || theta.isView() || theta.ordering() != 'c'
                || theta.rows() != visible + 1 || theta.columns() != hidden + 1)
            throw new IllegalArgumentException("Θ must be a C-ordered float (" + (visible + 1) + " × " + (hidden + 1) + ") matrix");
        this.visible = visible;
        this.hidden = hidden;
        this.theta = theta;
        this.thetaBuffer = NativeBuffer.of(theta);
    }

    /** All parameters zero: the uniform distribution, log Z = (nv + nh) log 2. */
    public static BernoulliRbm zeros(int visible, int hidden) {
        if (visible < 1 || hidden < 1) throw new IllegalArgumentException("an RBM needs at least one unit per layer");
        return new BernoulliRbm(visible, hidden, Nd4j.zeros(DataType.FLOAT, visible + 1, hidden + 1));
    }

    public static BernoulliRbm of(double[][] w, double[] b, double[] c) {
        int nv = w.length, nh = c.length;
        if (b.length != nv) throw new IllegalArgumentException("b has " + b.length + " entries, W has " + nv + " rows");
        float[][] t = new float[nv + 1][nh + 1];
        for (int i = 0; i < nv; i++) {
            if (w[i].length != nh) throw new IllegalArgumentException("row " + i + " of W has " + w[i].length + " entries, c has " + nh);
            for (int j = 0; j < nh; j++) t[i][j] = (float) w[i][j];
            t[i][nh] = (float) b[i];
        }
        for (int j = 0; j < nh; j++) t[nv][j] = (float) c[j];
        return new BernoulliRbm(nv, nh, Nd4j.createFromArray(t));
    }

    public static BernoulliRbm of(RbmWeights p) {
        p.validate("weights");
        int nv = p.visible(), nh = p.hidden();
        float[][] t = new float[nv + 1][nh + 1];
        for (int i = 0; i < nv; i++) {
            System.arraycopy(p.W()[i], 0, t[i], 0, nh);
            t[i][nh] = p.b()[i];
        }
        System.arraycopy(p.c(), 0, t[nv], 0, nh);
        return new BernoulliRbm(nv, nh, Nd4j.createFromArray(t));
    }

    /**
     * Hinton's initialisation (A Practical Guide to Training RBMs, 2010, §8): W ~ N(0, 0.01²), c = 0,
     * bᵢ = log(pᵢ / (1 − pᵢ)) with pᵢ the fraction of training vectors with unit i on, clamped to
     * [{@value #MEAN_CLAMP}, 1 − {@value #MEAN_CLAMP}] so that pixels never on in the data get a finite bias.
     */
    public static BernoulliRbm initial(int hidden, double[] visibleMeans, SplittableRandom rng) {
        int nv = visibleMeans.length;
        float[][] t = new float[nv + 1][hidden + 1];
        for (int i = 0; i < nv; i++) {
            for (int j = 0; j < hidden; j++) t[i][j] = (float) (INITIAL_WEIGHT_SD * rng.nextGaussian());
            t[i][hidden] = (float) logOdds(visibleMeans[i]);
        }
        return new BernoulliRbm(nv, hidden, Nd4j.createFromArray(t));
    }

    /** log(p / (1 − p)) of p clamped to [{@value #MEAN_CLAMP}, 1 − {@value #MEAN_CLAMP}]. */
    public static double logOdds(double p) {
        double q = Math.min(1 - MEAN_CLAMP, Math.max(MEAN_CLAMP, p));
        return Math.log(q / (1 - q));
    }

    public int visible() {
        return visible;
    }

    public int hidden() {
        return hidden;
    }

    /** Θ itself (not a copy): trainers update it in place. */
    INDArray theta() {
        return theta;
    }

    /** Element {@code offset} of Θ (row-major, leading dimension hidden + 1), for CBLAS calls. */
    NativeSlice theta(long offset) {
        return thetaBuffer.at(offset);
    }

    public BernoulliRbm copy() {
        return new BernoulliRbm(visible, hidden, theta.dup('c'));
    }

    /** Sets every parameter of this model to those of {@code other} (same shape). */
    public void assign(BernoulliRbm other) {
        if (other.visible != visible || other.hidden != hidden) throw new IllegalArgumentException("shape mismatch");
        theta.assign(other.theta);
    }

    /** W as an ND4J view (strided), {@code visible × hidden}. */
    public INDArray weights() {
        return theta.get(NDArrayIndex.interval(0, visible), NDArrayIndex.interval(0, hidden));
    }

    public RbmWeights toWeights() {
        float[][] t = theta.toFloatMatrix();
        float[][] w = new float[visible][];
        float[] b = new float[visible];
        for (int i = 0; i < visible; i++) {
            w[i] = java.util.Arrays.copyOf(t[i], hidden);
            b[i] = t[i][hidden];
        }
        float[] c = java.util.Arrays.copyOf(t[visible], hidden);
        return new RbmWeights(w, b, c);
    }

    /** Whether every parameter is finite (one reduction over Θ). */
    public boolean isFinite() {
        return Double.isFinite(theta.sumNumber().doubleValue()) && Double.isFinite(theta.amaxNumber().doubleValue());
    }

    /** E(v, h) = −bᵀv − cᵀh − vᵀWh in double precision (reads Θ; meant for checks on small models). */
    public double energy(double[] v, double[] h) {
        if (v.length != visible || h.length != hidden) throw new IllegalArgumentException("v or h has the wrong length");
        float[][] t = theta.toFloatMatrix();
        double e = 0;
        for (int i = 0; i < visible; i++) {
            if (v[i] == 0) continue;
            double s = t[i][hidden];
            for (int j = 0; j < hidden; j++) s += t[i][j] * h[j];
            e -= v[i] * s;
        }
        for (int j = 0; j < hidden; j++) e -= t[visible][j] * h[j];
        return e;
    }

    /** p(h = 1 | v) for each row of {@code v} ({@code n × visible}): an {@code n × hidden} float matrix. */
    public INDArray hiddenProbabilities(INDArray v) {
        VisibleRows rows = VisibleRows.of(v);
        INDArray pre = rows.withBias().mmul(theta.get(NDArrayIndex.all(), NDArrayIndex.interval(0, hidden)).dup('c'));
        return Nd4j.getExecutioner().exec(new Sigmoid(pre, pre));
    }

    /** p(v = 1 | h) for each row of {@code h} ({@code n × hidden}): an {@code n × visible} float matrix. */
    public INDArray visibleProbabilities(INDArray h) {
        INDArray hf = h.castTo(DataType.FLOAT);
        INDArray w = theta.get(NDArrayIndex.interval(0, visible), NDArrayIndex.interval(0, hidden)).dup('c');
        INDArray b = theta.get(NDArrayIndex.interval(0, visible), NDArrayIndex.point(hidden)).dup('c').reshape(1, visible);
        INDArray pre = hf.mmul(w.transpose()).addiRowVector(b);
        return Nd4j.getExecutioner().exec(new Sigmoid(pre, pre));
    }

    /**
     * Frees Θ's native buffer (see {@link NativeArrays}) once nothing computes with this RBM any more: read what is
     * needed ({@link #toWeights()}) first.
     */
    public void release() {
        NativeArrays.release(theta);
    }
}

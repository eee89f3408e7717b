package cheaplab.lab.rbm;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Contrastive divergence (Hinton 2002) and persistent contrastive divergence (Tieleman 2008) for a
 * {@link BernoulliRbm}, one mini-batch update at a time:
 * <pre>
 *   positive phase   v⁰ = data,  q⁰ = p(h | v⁰)
 *   negative phase   k Gibbs steps  h ~ p(h | v), v ~ p(v | h), ending in vᵏ and qᵏ = p(h | vᵏ)
 *   gradient         ΔW = ⟨v hᵀ⟩⁺ − ⟨v hᵀ⟩⁻ = (v⁰ᵀq⁰ − vᵏᵀqᵏ) / B,  Δb = ⟨v⁰ − vᵏ⟩,  Δc = ⟨q⁰ − qᵏ⟩
 *   update           inc ← μ·inc + ε(Δ − λ₂W − λ₁ sign W);  θ ← θ + inc       (no decay on b, c)
 * </pre>
 * CD-k starts the negative chain at the data: h ~ q⁰, then k visible samples. PCD keeps one chain per batch
 * row across updates and stores its hidden state (as scikit-learn's {@code BernoulliRBM} does): each update
 * runs k steps from the stored h and stores h ~ qᵏ for the next update. The chains start from the first
 * mini-batch's data. Visible states in the chain are sampled (a proper Gibbs chain); the statistics use the
 * hidden probabilities q rather than samples (Rao–Blackwellised, Hinton 2010 §3).
 *
 * <p>Speed: everything is preallocated. With the bias-unit layout of {@link BernoulliRbm} the data and chain
 * rows are stacked as V = [v⁰; vᵏ] (2B × (nv+1)) and H = [q⁰; −qᵏ] (2B × (nh+1)), so the whole gradient — W,
 * b and c — is a single GEMM Vᵀ·H accumulated straight into the momentum buffer (or, for small batches, into Θ
 * when there is no momentum, decay or L1; see {@link #FUSED_MAX_ROWS}). The pre-activation buffers keep +∞ in their bias column, which no GEMM writes, so
 * σ and Bernoulli sampling leave the bias unit at exactly 1. PCD runs its chain first — it does not depend on
 * the data — so that the positive phase and the chain's last hidden step share one GEMM over the 2B stacked
 * rows: at small B a GEMM costs about the same for 10 or 20 rows (OpenBLAS re-packs all of Θ on every call), so
 * PCD-1 is 3 passes over Θ and CD-1 is 4; each is 6–7 element-wise ops.
 */
public final class ContrastiveDivergence implements AutoCloseable {
    /** Momentum for the first epochs before the configured one takes over (Hinton 2010, §9.1). */
    public static final double INITIAL_MOMENTUM = 0.5;
    /** Epochs 1 … this use {@link #INITIAL_MOMENTUM} (capped at the configured momentum). */
    public static final int MOMENTUM_SWITCH_EPOCH = 5;
    /**
     * Largest 2B for which the gradient GEMM accumulates straight into Θ. OpenBLAS adds a product to C one
     * K-block (a few hundred rows) at a time; with more rows the positive and negative blocks are added to Θ
     * separately and, when ε/B is tiny, their rounding (½ ulp of Θ per block) no longer cancels. Up to this
     * size the product is one block and the fused update rounds once, like the increment path.
     */
    static final int FUSED_MAX_ROWS = 256;
    /** Up to this batch size the data rows are copied one CBLAS call each, above it by one pullRows. */
    private static final int COPY_ROWS_MAX = 64;

    /** Hyper-parameters of the update. */
    public record Settings(int k, boolean persistent, double learningRate, double weightDecay, double l1, int batchSize) {
        public Settings {
            if (k < 1) throw new IllegalArgumentException("k must be ≥ 1");
            if (batchSize < 1) throw new IllegalArgumentException("batchSize must be ≥ 1");
            if (!(learningRate > 0) || weightDecay < 0 || l1 < 0) throw new IllegalArgumentException("bad rates");
        }
    }

    /** Hinton's schedule: 0.5 (or less, if the configured momentum is lower) up to epoch 5, then {@code momentum}. */
    public static double momentum(int epoch, double momentum) {
        return epoch <= MOMENTUM_SWITCH_EPOCH ? Math.min(INITIAL_MOMENTUM, momentum) : momentum;
    }

    private final BernoulliRbm rbm;
    private final Settings settings;
    private final int nv, nh, batch;
    private final Random random;

    private final INDArray v;        // 2B × (nv+1): [v⁰; vᵏ]
    private final INDArray hPre;     // 2B × (nh+1): pre-activations; column nh stays +∞
    private final INDArray h;        // 2B × (nh+1): [q⁰; −qᵏ]
    private final INDArray hSample;  // B × (nh+1): the chain's hidden state (PCD: persistent)
    private final INDArray vPre;     // B × (nv+1): column nv stays +∞
    private final INDArray vProb;    // B × (nv+1)
    private final INDArray increment;// (nv+1) × (nh+1)
    private INDArray sign;           // (nv+1) × (nh+1), only with L1

    private final INDArray vTop, vBottom, hPreTop, hPreBottom, hTop, hBottom;
    private final FloatPointer pTheta, pV, pVTop, pVBottom, pHPreTop, pHPreBottom, pH, pHSample, pVPre, pIncrement;
    private final FloatPointer pThetaB, pIncrementB; // the b column of Θ and of the increment (stride nh + 1)
    private FloatPointer pSign, pSignB;
    private final PreparedGemm positive, both, chainHidden, chainVisible; // vᵒΘ, [v⁰; vᵏ]Θ, vᵏΘ, [h, 1]·[W, b]ᵀ
    private final int[] rowIndex;
    private final FloatPointer pRowTarget;
    private INDArray dataBase;
    private FloatPointer pRowSource;
    private boolean chainsStarted;
    private boolean incrementLive;
    private long updates;

    public ContrastiveDivergence(BernoulliRbm rbm, Settings settings, long seed) {
        this.rbm = rbm;
        this.settings = settings;
        this.nv = rbm.visible();
        this.nh = rbm.hidden();
        this.batch = settings.batchSize();
        int v1 = nv + 1, h1 = nh + 1, b = batch;
        this.v = Nd4j.create(DataType.FLOAT, 2L * b, v1);
        this.hPre = Nd4j.create(DataType.FLOAT, 2L * b, h1);
        this.h = Nd4j.create(DataType.FLOAT, 2L * b, h1);
        this.hSample = Nd4j.create(DataType.FLOAT, b, h1);
        this.vPre = Nd4j.create(DataType.FLOAT, b, v1);
        this.vProb = Nd4j.create(DataType.FLOAT, b, v1);
        this.increment = Nd4j.zeros(DataType.FLOAT, v1, h1);
        hPre.getColumn(nh).assign(Float.POSITIVE_INFINITY);
        vPre.getColumn(nv).assign(Float.POSITIVE_INFINITY);
        v.getColumn(nv).assign(1.0);
        hSample.getColumn(nh).assign(1.0);

        this.vTop = v.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
        this.vBottom = v.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all());
        this.hPreTop = hPre.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
        this.hPreBottom = hPre.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all());
        this.hTop = h.get(NDArrayIndex.interval(0, b), NDArrayIndex.all());
        this.hBottom = h.get(NDArrayIndex.interval(b, 2 * b), NDArrayIndex.all());

        this.pTheta = rbm.thetaPointer();
        this.pV = Blas.floats(v, 0);
        this.pVTop = pV;
        this.pVBottom = Blas.floats(v, (long) b * v1);
        this.pHPreTop = Blas.floats(hPre, 0);
        this.pHPreBottom = Blas.floats(hPre, (long) b * h1);
        this.pH = Blas.floats(h, 0);
        this.pHSample = Blas.floats(hSample, 0);
        this.pVPre = Blas.floats(vPre, 0);
        this.pIncrement = Blas.floats(increment, 0);
        this.pThetaB = Blas.floats(rbm.theta(), nh);
        this.pIncrementB = Blas.floats(increment, nh);
        this.positive = new PreparedGemm(false, b, nh, v1, pVTop, v1, pTheta, h1, pHPreTop, h1);
        this.both = new PreparedGemm(false, 2 * b, nh, v1, pV, v1, pTheta, h1, pHPreTop, h1);
        this.chainHidden = new PreparedGemm(false, b, nh, v1, pVBottom, v1, pTheta, h1, pHPreBottom, h1);
        this.chainVisible = new PreparedGemm(true, b, nv, h1, pHSample, h1, pTheta, h1, pVPre, v1);
        this.rowIndex = new int[b];
        this.pRowTarget = Blas.floats(v, 0);
        this.random = NativeRandom.create(seed, "contrastive-divergence");
    }

    public Settings settings() {
        return settings;
    }

    public long updates() {
        return updates;
    }

    /**
     * One update from rows {@code order[from] … order[from + B − 1]} of {@code data}.
     *
     * @param momentum μ for this update (see {@link #momentum(int, double)})
     */
    public void update(VisibleRows data, int[] order, int from, double momentum) {
        if (data.visible() != nv) throw new IllegalArgumentException("data has " + data.visible() + " visible units, the RBM " + nv);
        for (int r = 0; r < batch; r++) rowIndex[r] = data.first() + order[from + r];
        int v1 = nv + 1, h1 = nh + 1;
        if (dataBase != data.base()) {
            dataBase = data.base();
            pRowSource = Blas.floats(dataBase, 0);
        }
        if (settings.persistent()) {
            if (!chainsStarted) { // the chains start at the first batch: h ~ p(h | v⁰)
                loadBatch();
                positive.run(1f, 0f);
                sigmoid(hPreTop, hTop);
                bernoulli(hTop, hSample);
                chainsStarted = true;
            }
            // Negative phase first (it does not depend on the data): k visible samples from the stored h.
            for (int step = 1; step <= settings.k(); step++) {
                visibleStep();
                if (step < settings.k()) {
                    chainHidden.run(1f, 0f);
                    sigmoid(hPreBottom, hBottom);
                    bernoulli(hBottom, hSample);
                }
            }
            // Positive phase and the chain's last hidden step in one GEMM: [v⁰; vᵏ]·Θ (2B rows, one pass over Θ).
            loadBatch();
            both.run(1f, 0f);
            sigmoid(hPre, h);
            bernoulli(hBottom, hSample); // the stored state for the next update
        } else {
            // Positive phase: q⁰ = σ(v⁰Θ) (first nh columns; the bias column of hPre stays +∞ → 1).
            loadBatch();
            positive.run(1f, 0f);
            sigmoid(hPreTop, hTop);
            bernoulli(hTop, hSample);
            // Negative phase: k Gibbs steps starting from h ~ q⁰.
            for (int step = 1; step <= settings.k(); step++) {
                visibleStep();
                chainHidden.run(1f, 0f);
                sigmoid(hPreBottom, hBottom);
                if (step < settings.k()) bernoulli(hBottom, hSample);
            }
        }
        hBottom.negi();

        // Gradient (all of W, b, c): Vᵀ·H = v⁰ᵀq⁰ − vᵏᵀqᵏ; the corner is B − B = 0.
        float alpha = (float) (settings.learningRate() / batch);
        boolean plain = momentum == 0 && settings.weightDecay() == 0 && settings.l1() == 0 && 2 * batch <= FUSED_MAX_ROWS;
        if (plain) {
            Blas.sgemm(true, false, v1, h1, 2 * batch, alpha, pV, v1, pH, h1, 1f, pTheta, h1);
            incrementLive = false;
        } else {
            float beta = incrementLive ? (float) momentum : 0f;
            Blas.sgemm(true, false, v1, h1, 2 * batch, alpha, pV, v1, pH, h1, beta, pIncrement, h1);
            incrementLive = true;
            int wRows = nv * h1; // rows 0 … nv−1 of Θ: W and the b column
            if (settings.weightDecay() > 0) {
                float d = (float) (settings.learningRate() * settings.weightDecay());
                Blas.saxpy(wRows, -d, pTheta, 1, pIncrement, 1);
                Blas.saxpy(nv, d, pThetaB, h1, pIncrementB, h1); // undo it on b
            }
            if (settings.l1() > 0) {
                if (sign == null) {
                    sign = Nd4j.create(DataType.FLOAT, v1, h1);
                    pSign = Blas.floats(sign, 0);
                    pSignB = Blas.floats(sign, nh);
                }
                Nd4j.getExecutioner().exec(new Sign(rbm.theta(), sign));
                float d = (float) (settings.learningRate() * settings.l1());
                Blas.saxpy(wRows, -d, pSign, 1, pIncrement, 1);
                Blas.saxpy(nv, d, pSignB, h1, pIncrementB, h1); // undo it on b
            }
            Blas.saxpy(v1 * h1, 1f, pIncrement, 1, pTheta, 1);
        }
        updates++;
    }

    /** Copies the batch's data rows into the top half of V (row copies beat pullRows' bookkeeping for small B). */
    private void loadBatch() {
        if (batch > COPY_ROWS_MAX) {
            Nd4j.pullRows(dataBase, vTop, 1, rowIndex);
            return;
        }
        int v1 = nv + 1;
        for (int r = 0; r < batch; r++) {
            pRowSource.position((long) rowIndex[r] * v1);
            pRowTarget.position((long) r * v1);
            Blas.scopy(v1, pRowSource, 1, pRowTarget, 1);
        }
    }

    /** v ~ p(v | h) for the chains: vPre = [h, 1]·[W, b]ᵀ (the bias unit of h adds b), into the lower half of V. */
    private void visibleStep() {
        chainVisible.run(1f, 0f);
        sigmoid(vPre, vProb);
        bernoulli(vProb, vBottom);
    }

    /** p(v | h) of the negative chain's last visible step, {@code B × nv} (a view; changes with the next update). */
    public INDArray chainVisibleProbabilities() {
        return vProb.get(NDArrayIndex.all(), NDArrayIndex.interval(0, nv));
    }

    private void sigmoid(INDArray x, INDArray z) {
        Nd4j.getExecutioner().exec(new Sigmoid(x, z));
    }

    private void bernoulli(INDArray p, INDArray z) {
        Nd4j.getExecutioner().exec(new BernoulliDistribution(z, p), random);
    }

    @Override
    public void close() {
        NativeRandom.close(random);
    }
}

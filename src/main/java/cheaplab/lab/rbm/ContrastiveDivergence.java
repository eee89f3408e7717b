package cheaplab.lab.rbm;

import cheaplab.linalg.PreparedGemm;
import cheaplab.linalg.PairedWorker;
import cheaplab.core.CancelledException;

import cheaplab.linalg.Blas;
import cheaplab.linalg.NativeArrays;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.NativeSlice;
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
 * b and c — is one product Vᵀ·H accumulated straight into the momentum buffer (or, for small batches, into Θ
 * when there is no momentum, decay or L1; see {@link #FUSED_MAX_ROWS}). The pre-activation buffers keep +∞ in
 * their bias column, which no GEMM writes, so σ and Bernoulli sampling leave the bias unit at exactly 1. PCD runs
 * its chain first — it does not depend on the data — so that the positive phase and the chain's last hidden step
 * share one GEMM over the stacked rows: at small B a GEMM costs about the same for 10 or 20 rows (OpenBLAS
 * re-packs all of Θ on every call), so PCD-1 is 3 passes over Θ and CD-1 is 4.
 *
 * <p>Two cores: a batch of {@value #SPLIT_MIN_BATCH} or more rows is split into two fixed halves, each with its
 * own rows of V and H, its own chains and its own random stream; the halves run their Gibbs phases on two
 * threads ({@link PairedWorker}), then the gradient product is split by rows of Θ. Each half's rows are
 * contiguous ([v⁰; vᵏ] per half), so each half still makes one GEMM per pass over Θ. The split depends on the
 * batch size only, so the numbers are the same on one core or two.
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
    /** Batches of at least this many rows are split into two halves that run on two threads. */
    static final int SPLIT_MIN_BATCH = 16;
    /** Up to this many rows per half the data rows are copied one CBLAS call each, above it by one pullRows. */
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

    private final INDArray v;        // 2B × (nv+1): per half [v⁰; vᵏ]
    private final INDArray hPre;     // 2B × (nh+1): pre-activations; column nh stays +∞
    private final INDArray h;        // 2B × (nh+1): per half [q⁰; −qᵏ]
    private final INDArray hSample;  // B × (nh+1): the chains' hidden states (PCD: persistent)
    private final INDArray vPre;     // B × (nv+1): column nv stays +∞
    private final INDArray vProb;    // B × (nv+1)
    private final INDArray increment;// (nv+1) × (nh+1)
    private INDArray sign;           // (nv+1) × (nh+1), only with L1
    private final NativeSlice pTheta, pV, pH, pIncrement;

    private final Part[] parts;
    private final PairedWorker worker;
    private final int[] rowIndex;
    private INDArray dataBase;
    private boolean chainsStarted;
    private volatile java.util.function.BooleanSupplier stop = () -> false;
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
        this.pTheta = rbm.theta(0);
        this.pV = NativeBuffer.of(v).at(0);
        this.pH = NativeBuffer.of(h).at(0);
        this.pIncrement = NativeBuffer.of(increment).at(0);
        this.rowIndex = new int[b];

        int halves = b >= SPLIT_MIN_BATCH ? 2 : 1;
        this.parts = new Part[halves];
        int first = 0, thetaRow = 0;
        for (int g = 0; g < halves; g++) {
            int rows = halves == 1 ? b : g == 0 ? (b + 1) / 2 : b / 2;
            int thetaRows = halves == 1 ? v1 : g == 0 ? (v1 + 1) / 2 : v1 / 2;
            parts[g] = new Part(g, first, rows, thetaRow, thetaRows, seed);
            first += rows;
            thetaRow += thetaRows;
        }
        this.worker = halves == 2 ? new PairedWorker("rbm-cd-worker") : null;
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
        update(data, order, from, momentum, () -> false);
    }

    /**
     * As {@link #update(VisibleRows, int[], int, double)}, checking {@code stop} between Gibbs steps on both halves:
     * when it says so the update is abandoned (the model is left part-updated) with {@link CancelledException}, so
     * a long chain (k up to 1,000 on a large batch) is cancelled within about one Gibbs step.
     */
    public void update(VisibleRows data, int[] order, int from, double momentum, java.util.function.BooleanSupplier stop) {
        this.stop = stop;
        if (data.visible() != nv) throw new IllegalArgumentException("data has " + data.visible() + " visible units, the RBM " + nv);
        for (int r = 0; r < batch; r++) rowIndex[r] = data.first() + order[from + r];
        if (dataBase != data.base()) {
            dataBase = data.base();
            for (Part p : parts) p.source(dataBase);
        }
        boolean start = settings.persistent() && !chainsStarted;
        parallel(g -> parts[g].gibbs(start));
        chainsStarted = true;

        float alpha = (float) (settings.learningRate() / batch);
        boolean plain = momentum == 0 && settings.weightDecay() == 0 && settings.l1() == 0 && 2 * batch <= FUSED_MAX_ROWS;
        float beta = plain ? 1f : incrementLive ? (float) momentum : 0f;
        parallel(g -> parts[g].gradient(alpha, beta, plain));
        incrementLive = !plain;
        updates++;
    }

    private void parallel(java.util.function.IntConsumer task) {
        if (worker == null) task.accept(0);
        else worker.run(task);
    }

    /** The worker running the second half, or null when the batch is not split. */
    PairedWorker worker() {
        return worker;
    }

    /** p(v | h) of the negative chains' last visible step, {@code B × nv} (a view; changes with the next update). */
    public INDArray chainVisibleProbabilities() {
        return vProb.get(NDArrayIndex.all(), NDArrayIndex.interval(0, nv));
    }

    @Override
    public void close() {
        if (worker != null) worker.close(); // joins the helper: nothing uses the buffers after this
        for (Part p : parts) NativeRandom.close(p.random);
        NativeArrays.release(v, hPre, h, hSample, vPre, vProb, increment, sign);
    }

    /** One half of the batch (or all of it): its rows of every buffer, its chains, its random stream, its rows of Θ. */
    private final class Part {
        final int first, rows, thetaRow, thetaRows;
        final Random random;
        final INDArray vTop, vBottom, vBoth, hPreTop, hPreBottom, hPreBoth, hTop, hBottom, hBoth, hs, vPreRows, vProbRows;
        final PreparedGemm positive, both, chainHidden, chainVisible;
        final long rowTargetBase;
        final NativeSlice pRowTarget, pThetaRows, pThetaB, pIncrementRows, pIncrementB, pVCols, pThetaOut;
        NativeSlice pRowSource, pSign, pSignB;

        Part(int g, int first, int rows, int thetaRow, int thetaRows, long seed) {
            this.first = first;
            this.rows = rows;
            this.thetaRow = thetaRow;
            this.thetaRows = thetaRows;
            int v1 = nv + 1, h1 = nh + 1;
            long top = 2L * first, bottom = top + rows; // this half's rows of V, hPre, H
            vTop = rowsOf(v, top, rows);
            vBottom = rowsOf(v, bottom, rows);
            vBoth = rowsOf(v, top, 2 * rows);
            hPreTop = rowsOf(hPre, top, rows);
            hPreBottom = rowsOf(hPre, bottom, rows);
            hPreBoth = rowsOf(hPre, top, 2 * rows);
            hTop = rowsOf(h, top, rows);
            hBottom = rowsOf(h, bottom, rows);
            hBoth = rowsOf(h, top, 2 * rows);
            hs = rowsOf(hSample, first, rows);
            vPreRows = rowsOf(vPre, first, rows);
            vProbRows = rowsOf(vProb, first, rows);
            NativeSlice pVTop = NativeBuffer.of(v).at(top * v1), pVBottom = NativeBuffer.of(v).at(bottom * v1);
            NativeSlice pHPreTop = NativeBuffer.of(hPre).at(top * h1), pHPreBottom = NativeBuffer.of(hPre).at(bottom * h1);
            NativeSlice pHs = NativeBuffer.of(hSample).at((long) first * h1), pVPre = NativeBuffer.of(vPre).at((long) first * v1);
            positive = new PreparedGemm(false, rows, nh, v1, pVTop, v1, pTheta, h1, pHPreTop, h1);
            both = new PreparedGemm(false, 2 * rows, nh, v1, pVTop, v1, pTheta, h1, pHPreTop, h1);
            chainHidden = new PreparedGemm(false, rows, nh, v1, pVBottom, v1, pTheta, h1, pHPreBottom, h1);
            chainVisible = new PreparedGemm(true, rows, nv, h1, pHs, h1, pTheta, h1, pVPre, v1);
            rowTargetBase = top * v1;
            pRowTarget = NativeBuffer.of(v).at(rowTargetBase);
            pThetaRows = rbm.theta((long) thetaRow * h1);
            pIncrementRows = NativeBuffer.of(increment).at((long) thetaRow * h1);
            pThetaB = rbm.theta((long) thetaRow * h1 + nh);
            pIncrementB = NativeBuffer.of(increment).at((long) thetaRow * h1 + nh);
            pVCols = NativeBuffer.of(v).at(thetaRow);     // columns thetaRow… of V: rows of Vᵀ
            pThetaOut = pThetaRows;
            random = NativeRandom.create(seed, parts(g));
        }

        private String parts(int g) {
            return g == 0 ? "contrastive-divergence" : "contrastive-divergence/" + g;
        }

        void source(INDArray base) {
            pRowSource = NativeBuffer.of(base).at(0);
        }

        /** The Gibbs phases of this half: after it, its rows of V hold [v⁰; vᵏ] and of H hold [q⁰; −qᵏ]. */
        void gibbs(boolean startChains) {
            checkStop();
            if (settings.persistent()) {
                if (startChains) { // the chains start at the first batch: h ~ p(h | v⁰)
                    loadRows();
                    positive.run(1f, 0f);
                    sigmoid(hPreTop, hTop);
                    bernoulli(hTop, hs);
                }
                // Negative phase first (it does not depend on the data): k visible samples from the stored h.
                for (int step = 1; step <= settings.k(); step++) {
                    checkStop();
                    visibleStep();
                    if (step < settings.k()) {
                        checkStop(); // between the two products of a step: each is one uninterruptible GEMM
                        chainHidden.run(1f, 0f);
                        sigmoid(hPreBottom, hBottom);
                        bernoulli(hBottom, hs);
                    }
                }
                // Positive phase and the chain's last hidden step in one GEMM: [v⁰; vᵏ]·Θ (one pass over Θ).
                checkStop();
                loadRows();
                both.run(1f, 0f);
                sigmoid(hPreBoth, hBoth);
                bernoulli(hBottom, hs); // the stored state for the next update
            } else {
                // Positive phase: q⁰ = σ(v⁰Θ) (first nh columns; the bias column of hPre stays +∞ → 1).
                loadRows();
                positive.run(1f, 0f);
                sigmoid(hPreTop, hTop);
                bernoulli(hTop, hs);
                // Negative phase: k Gibbs steps starting from h ~ q⁰.
                for (int step = 1; step <= settings.k(); step++) {
                    checkStop();
                    visibleStep();
                    checkStop(); // between the two products of a step: each is one uninterruptible GEMM
                    chainHidden.run(1f, 0f);
                    sigmoid(hPreBottom, hBottom);
                    if (step < settings.k()) bernoulli(hBottom, hs);
                }
            }
            hBottom.negi();
        }

        /**
         * This half's rows of Θ (or of the increment): rows r of Vᵀ·H = v⁰ᵀq⁰ − vᵏᵀqᵏ over the whole batch (the
         * corner of Θ gets B − B = 0), then decay, L1 and the step.
         */
        void gradient(float alpha, float beta, boolean plain) {
            // A half's gradient is one large GEMM; when the helper is late both halves run here one after the other.
            checkStop();
            int v1 = nv + 1, h1 = nh + 1;
            if (plain) {
                Blas.sgemm(true, false, thetaRows, h1, 2 * batch, alpha, pVCols, v1, pH, h1, 1f, pThetaRows, h1);
                return;
            }
            Blas.sgemm(true, false, thetaRows, h1, 2 * batch, alpha, pVCols, v1, pH, h1, beta, pIncrementRows, h1);
            int wRows = Math.min(thetaRows, nv - thetaRow); // rows of W (and b) among this half's rows of Θ
            if (settings.weightDecay() > 0) {
                float d = (float) (settings.learningRate() * settings.weightDecay());
                Blas.saxpy(wRows * h1, -d, pThetaRows, 1, pIncrementRows, 1);
                Blas.saxpy(wRows, d, pThetaB, h1, pIncrementB, h1); // undo it on b
            }
            if (settings.l1() > 0) {
                INDArray signRows = l1Sign();
                Nd4j.getExecutioner().exec(new Sign(rowsOf(rbm.theta(), thetaRow, thetaRows), signRows));
                float d = (float) (settings.learningRate() * settings.l1());
                Blas.saxpy(wRows * h1, -d, pSign, 1, pIncrementRows, 1);
                Blas.saxpy(wRows, d, pSignB, h1, pIncrementB, h1); // undo it on b
            }
            Blas.saxpy(thetaRows * h1, 1f, pIncrementRows, 1, pThetaRows, 1);
        }

        private INDArray l1Sign() {
            synchronized (ContrastiveDivergence.this) {
                if (sign == null) sign = Nd4j.create(DataType.FLOAT, nv + 1, nh + 1);
            }
            if (pSign == null) {
                pSign = NativeBuffer.of(sign).at((long) thetaRow * (nh + 1));
                pSignB = NativeBuffer.of(sign).at((long) thetaRow * (nh + 1) + nh);
            }
            return rowsOf(sign, thetaRow, thetaRows);
        }

        private void checkStop() {
            if (stop.getAsBoolean()) throw new CancelledException();
        }

        /** v ~ p(v | h) for this half's chains: vPre = [h, 1]·[W, b]ᵀ (the bias unit of h adds b). */
        private void visibleStep() {
            chainVisible.run(1f, 0f);
            sigmoid(vPreRows, vProbRows);
            bernoulli(vProbRows, vBottom);
        }

        /** Copies this half's data rows into its v⁰ rows (row copies beat pullRows' bookkeeping for small batches). */
        private void loadRows() {
            if (rows > COPY_ROWS_MAX) {
                int[] idx = java.util.Arrays.copyOfRange(rowIndex, first, first + rows);
                Nd4j.pullRows(dataBase, vTop, 1, idx);
                return;
            }
            int v1 = nv + 1;
            for (int r = 0; r < rows; r++) {
                Blas.scopy(v1, pRowSource.plus((long) rowIndex[first + r] * v1), 1, pRowTarget.plus((long) r * v1), 1);
            }
        }

        private void sigmoid(INDArray x, INDArray z) {
            Nd4j.getExecutioner().exec(new Sigmoid(x, z));
        }

        private void bernoulli(INDArray p, INDArray z) {
            Nd4j.getExecutioner().exec(new BernoulliDistribution(z, p), random);
        }
    }

    private static INDArray rowsOf(INDArray m, long first, long count) {
        return m.get(NDArrayIndex.interval(first, first + count), NDArrayIndex.all());
    }
}

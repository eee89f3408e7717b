package cheaplab.lab.rbm;

import cheaplab.linalg.PairedWorker;
import cheaplab.linalg.NativeSlice;
import cheaplab.linalg.NativeBuffer;
import cheaplab.linalg.Blas;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntConsumer;

/**
 * Annealed importance sampling estimate of log Z for a {@link BernoulliRbm} (Neal 2001; Salakhutdinov &amp; Murray,
 * "On the quantitative analysis of deep belief networks", ICML 2008, §4).
 *
 * <p>Base-rate model A: an RBM with W = 0, c = 0 and visible biases b_A from the data's pixel means, so
 * Z_A = 2^{nh} Πᵢ (1 + e^{b_Aᵢ}) is exact and p_A is sampled directly. The intermediate distributions have the
 * hidden units summed out,
 * <pre>  log p*_β(v) = (1 − β) b_Aᵀv + β bᵀv + Σⱼ softplus(β (cⱼ + (vᵀW)ⱼ)),</pre>
 * with p*_0 ∝ p_A and p*_1 the target's unnormalised marginal. Each of the M runs starts at v₁ ~ p_A, moves
 * v_{k+1} ~ T_k(v_k) by one Gibbs sweep at β_k (h ~ σ(β_k(c + vᵀW)), v ~ σ((1 − β_k) b_A + β_k(b + Wh))) and
 * collects log w = Σ_{k=1}^{K} [log p*_k(v_k) − log p*_{k−1}(v_k)]. Then
 * <pre>  log Ẑ = log Z_A + log( (1/M) Σ w ),   bounds log(Z_A (r̂ ± 3σ̂)),  r̂ = mean w, σ̂ = sd(w)/√M,</pre>
 * the ±3σ̂ interval of the paper's tables (its lower end is −∞ when r̂ ≤ 3σ̂).
 *
 * <p>Cost: all runs form one M × nv matrix and each β step is two GEMMs (the hidden pre-activations, shared by
 * the weight update and the transition, and the visible pre-activations) plus element-wise work, which one fused
 * {@link LogisticSampling} pass per layer does (probabilities, Bernoulli sample with counter-based random numbers
 * and the weight factors), vectorised when the JVM has {@code jdk.incubator.vector}. The softplus difference is
 * computed without cancellation as
 * softplus(x) − softplus(x − δ) = −log(1 + σ(x) · (e^{−δ} − 1)),  x = β_k a,  δ = (β_k − β_{k−1}) a,
 * reusing σ(β_k a) of the transition, whenever |δ| ≤ 1 for every unit (checked once per step from a bound on
 * |a|; e^{−δ} − 1 then comes from its Taylor polynomial, accurate to a few ulps even for tiny δ), the factors
 * multiplied in float and folded into a double logarithm every 256 units; otherwise as a difference of
 * overflow-free softplus values in double. The increments are summed per run in double precision.
 */
public final class AnnealedImportanceSampler implements AutoCloseable {
    /** The paper's number of runs. */
    public static final int DEFAULT_RUNS = 100;
    /** β steps between cancellation checks: a few ms each at the defaults; at the largest configs one step takes ~1 s. */
    private static final int CHECK_EVERY = 1;

    /** One estimate. {@code logZLow} is −∞ when the lower 3σ̂ bound is not positive. */
    public record Estimate(double logZ, double logZLow, double logZHigh, double logZBase, int runs, int betas,
                           double effectiveRuns, double[] logWeights) {}

    /** Largest |Δβ · a| for the direct form of the softplus difference (package-visible for tests). */
    double directDifferenceLimit = 1.0;

    private final int nv, nh, runs;
    /** Native-order direct buffers shared by BLAS (through the pointers) and the sampling kernels. */
    private final ByteBuffer x, a, hs, vPre;
    private final NativeSlice pX, pA, pHs, pVPre;
    private final Part[] parts;
    private final PairedWorker worker;

    // The current β step, read by both parts (written before each PairedWorker hand-off, which publishes it).
    private Shared shared;
    private float beta;
    private double ratio;
    private boolean direct;
    private final IntConsumer hiddenPass = this::hidden, visiblePass = this::visible;

    /** Whether the element-wise kernel runs vectorised (jdk.incubator.vector present) or as its bit-identical scalar twin. */
    public static boolean vectorised() {
        return LogisticSampling.vectorAvailable();
    }

    /**
     * @param runs M, all annealed together: each β step is one product per layer over all M runs. The products
     *             and the element-wise work are split by units into two fixed halves (their own random keys)
     *             that run on two threads when there are two processors — the numbers do not depend on that.
     */
    public AnnealedImportanceSampler(int visible, int hidden, int runs) {
        if (runs < 2) throw new IllegalArgumentException("AIS needs at least 2 runs");
        this.nv = visible;
        this.nh = hidden;
        this.runs = runs;
        this.x = floats((long) runs * (nv + 1));
        this.a = floats((long) runs * nh);
        this.hs = floats((long) runs * nh);
        this.vPre = floats((long) runs * nv);
        this.pX = pointer(x);
        this.pA = pointer(a);
        this.pHs = pointer(hs);
        this.pVPre = pointer(vPre);
        for (int r = 0; r < runs; r++) x.putFloat(4 * (r * (nv + 1) + nv), 1f); // the bias unit of [v, 1]
        int hSplit = half(nh), vSplit = half(nv);
        this.parts = new Part[]{new Part(0, hSplit, 0, vSplit), new Part(hSplit, nh, vSplit, nv)};
        this.worker = new PairedWorker("ais-worker");
    }

    /** The first half's width: half of n rounded up to whole vectors, so the second half starts on a vector. */
    static int half(int n) {
        int lanes = LogisticSampling.LANES;
        return Math.min(n, (n / 2 + lanes - 1) / lanes * lanes);
    }

    public int runs() {
        return runs;
    }

    /** The worker that runs the second half of the units. */
    PairedWorker worker() {
        return worker;
    }

    /**
     * Estimates log Z of {@code rbm}.
     *
     * @param baseBias   b_A, the base-rate model's visible biases (e.g. {@link BernoulliRbm#logOdds} of the data means)
     * @param checkpoint runs every few hundred β steps on the calling thread (cancellation)
     */
    public Estimate estimate(BernoulliRbm rbm, double[] baseBias, BetaSchedule schedule, long seed, Runnable checkpoint) {
        if (rbm.visible() != nv || rbm.hidden() != nh || baseBias.length != nv)
            throw new IllegalArgumentException("shapes do not match this sampler");
        ExactPartitionFunction.Parameters p = ExactPartitionFunction.Parameters.of(rbm);
        double logZBase = nh * Math.log(2);
        for (double bi : baseBias) logZBase += Softplus.of(bi);
        // Bound on |cⱼ + (vᵀW)ⱼ| over binary v and all j, for the choice of formula per step.
        double maxBound = 0;
        for (int j = 0; j < nh; j++) {
            double s = Math.abs(p.c()[j]);
            for (int i = 0; i < nv; i++) s += Math.abs(p.w()[i][j]);
            maxBound = Math.max(maxBound, s);
        }
        shared = new Shared(rbm.theta(0), p.b(), baseBias);
        CounterRandom random = new CounterRandom(seed, "ais");
        for (Part part : parts) part.start(shared);
        double[] logW = new double[runs];
        try {
            // v₁ ~ p_A: independent units with p = σ(b_A) (vPre = 0, biases b_A).
            for (int i = 0; i < runs * nv; i++) vPre.putFloat(4 * i, 0f);
            beta = 0f;
            for (Part part : parts) part.keys = random.nextKeys();
            worker.run(visiblePass);

            int last = schedule.size() - 1;
            for (int k = 1; k <= last; k++) {
                if (k % CHECK_EVERY == 0) checkpoint.run();
                double b = schedule.beta(k), dBeta = b - schedule.beta(k - 1);
                beta = (float) b;
                ratio = dBeta / b;
                direct = dBeta * maxBound <= directDifferenceLimit;
                for (Part part : parts) part.keys = random.nextKeys();
                worker.run(hiddenPass);
                // log p*_k(v_k) − log p*_{k−1}(v_k) = Δβ (b − b_A)ᵀv + Σⱼ [softplus(β_k aⱼ) − softplus(β_{k−1} aⱼ)]
                Part p0 = parts[0], p1 = parts[1];
                for (int r = 0; r < runs; r++)
                    logW[r] += (p0.units[r] + p1.units[r]) + dBeta * ((double) p0.hostD[r] + p1.hostD[r]);
                if (k == last) break;
                for (Part part : parts) part.keys = random.nextKeys();
                worker.run(visiblePass);
            }
        } finally {
            shared = null;
        }
        return summarise(logW, logZBase, schedule.size());
    }

    /**
     * Part {@code index} of the hidden layer at β_k: its columns of a = β_k (c + vᵀW) (one GEMM over all runs),
     * its share of (b − b_A)ᵀv, then h ~ σ(a) and Σⱼ [softplus(β_k aⱼ) − softplus(β_{k−1} aⱼ)] over its units.
     */
    private void hidden(int index) {
        Part part = parts[index];
        int width = part.hTo - part.hFrom;
        if (part.vTo > part.vFrom) {
            Blas.sgemv(runs, part.vTo - part.vFrom, 1f, part.pXv, nv + 1, part.pBDiff, 1, 0f, part.pD, 1);
            Blas.get(part.pD, part.hostD, 0, runs);
        } else {
            java.util.Arrays.fill(part.hostD, 0f);
        }
        if (width == 0) {
            java.util.Arrays.fill(part.units, 0.0);
            return;
        }
        Blas.sgemm(false, false, runs, width, nv + 1, beta, pX, nv + 1, part.pTheta, nh + 1, 0f, part.pA, nh);
        if (direct) {
            // softplus(x) − softplus(x − δ) = −log(1 + σ(x)(e^{−δ} − 1)) with x = β_k a, δ = Δβ a = ρ x
            part.kernel.sample(part.a, nh, null, part.hs, nh, runs, width, part.keys, (float) ratio, part.units);
            for (int r = 0; r < runs; r++) part.units[r] = -part.units[r];
        } else {
            part.kernel.sample(part.a, nh, null, part.hs, nh, runs, width, part.keys, 0f, null);
            double previous = 1.0 - ratio;
            for (int r = 0; r < runs; r++) {
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    double s = part.a.getFloat(4 * (r * nh + j));
                    sum += Softplus.of(s) - Softplus.of(s * previous);
                }
                part.units[r] = sum;
            }
        }
    }

    /** Part {@code index} of the visible layer: v ~ σ(β_k (b + Wh) + (1 − β_k) b_A) on its columns (one GEMM). */
    private void visible(int index) {
        Part part = parts[index];
        int width = part.vTo - part.vFrom;
        if (width == 0) return;
        if (beta > 0f)
            Blas.sgemm(false, true, runs, width, nh, beta, pHs, nh, part.pW, nh + 1, 0f, part.pVPre, nv);
        double[] b = shared.b(), base = shared.baseBias();
        for (int i = 0; i < width; i++)
            part.mix[i] = (float) (beta * b[part.vFrom + i] + (1 - (double) beta) * base[part.vFrom + i]);
        part.kernel.sample(part.vPre, nv, part.mix, part.x, nv + 1, runs, width, part.keys, 0f, null);
    }

    /** What both parts read during one estimate (the Θ slice keeps the model's parameters alive while it runs). */
    private record Shared(NativeSlice theta, double[] b, double[] baseBias) {}

    /** A fixed range of hidden and of visible units, with its own views, random keys, kernel and results. */
    private final class Part {
        final int hFrom, hTo, vFrom, vTo;
        /** Views starting at this part's first column (rows keep the full leading dimension). */
        final ByteBuffer a, hs, vPre, x, bDiff, d;
        final NativeSlice pA, pVPre, pXv, pBDiff, pD;
        NativeSlice pTheta, pW;
        final float[] hostD, mix;
        /** This part's Σⱼ over its hidden units of the weight increment, per run. */
        final double[] units;
        final LogisticSampling kernel = LogisticSampling.fastest();
        long keys;

        Part(int hFrom, int hTo, int vFrom, int vTo) {
            this.hFrom = hFrom;
            this.hTo = hTo;
            this.vFrom = vFrom;
            this.vTo = vTo;
            this.a = view(AnnealedImportanceSampler.this.a, hFrom);
            this.hs = view(AnnealedImportanceSampler.this.hs, hFrom);
            this.vPre = view(AnnealedImportanceSampler.this.vPre, vFrom);
            this.x = view(AnnealedImportanceSampler.this.x, vFrom);
            this.bDiff = floats(Math.max(1, vTo - vFrom));
            this.d = floats(runs);
            this.pA = AnnealedImportanceSampler.this.pA.plus(hFrom);
            this.pVPre = AnnealedImportanceSampler.this.pVPre.plus(vFrom);
            this.pXv = pX.plus(vFrom);
            this.pBDiff = pointer(bDiff);
            this.pD = pointer(d);
            this.hostD = new float[runs];
            this.mix = new float[Math.max(1, vTo - vFrom)];
            this.units = new double[runs];
        }

        /** Points at the model of this estimate: Θ's columns hFrom… (for a) and W's rows vFrom… (for v). */
        void start(Shared sh) {
            this.pTheta = sh.theta().plus(hFrom);
            this.pW = sh.theta().plus((long) vFrom * (nh + 1));
            for (int i = vFrom; i < vTo; i++) bDiff.putFloat(4 * (i - vFrom), (float) (sh.b()[i] - sh.baseBias()[i]));
        }
    }

    /** A view of {@code b} from float {@code column} on, in native order. */
    private static ByteBuffer view(ByteBuffer b, int column) {
        return b.slice(4 * column, b.capacity() - 4 * column).order(ByteOrder.nativeOrder());
    }

    /** A zeroed native-order direct buffer of {@code count} floats, 64-byte aligned. */
    private static ByteBuffer floats(long count) {
        long bytes = (count * 4 + 63) / 64 * 64; // alignedSlice also rounds the end down to a multiple of 64
        if (bytes + 64 > Integer.MAX_VALUE) throw new IllegalArgumentException("AIS buffer too large: " + count + " floats");
        return ByteBuffer.allocateDirect((int) (bytes + 64)).alignedSlice(64).order(ByteOrder.nativeOrder());
    }

    /** The owner of a direct buffer for CBLAS calls (the slice keeps the buffer alive; see {@link NativeBuffer}). */
    private static NativeSlice pointer(ByteBuffer b) {
        return NativeBuffer.of(b).at(0);
    }

    /** Stops the worker thread. */
    @Override
    public void close() {
        worker.close();
    }

    /** log Ẑ and the ±3σ̂ bounds from the log importance weights (computed relative to their maximum). */
    static Estimate summarise(double[] logW, double logZBase, int betas) {
        int m = logW.length;
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logW) max = Math.max(max, w);
        double sum = 0, sumSq = 0;
        for (double w : logW) {
            double r = Math.exp(w - max);
            sum += r;
            sumSq += r * r;
        }
        double mean = sum / m;
        double var = Math.max(0, (sumSq - m * mean * mean) / (m - 1));
        double se = Math.sqrt(var / m);
        double logZ = logZBase + max + Math.log(mean);
        double low = mean - 3 * se > 0 ? logZBase + max + Math.log(mean - 3 * se) : Double.NEGATIVE_INFINITY;
        double high = logZBase + max + Math.log(mean + 3 * se);
        return new Estimate(logZ, low, high, logZBase, m, betas, sum * sum / sumSq, logW.clone());
    }
}

package cheaplab.lab.rbm;

import org.bytedeco.javacpp.FloatPointer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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
    private static final int CHECK_EVERY = 256;

    /** One estimate. {@code logZLow} is −∞ when the lower 3σ̂ bound is not positive. */
    public record Estimate(double logZ, double logZLow, double logZHigh, double logZBase, int runs, int betas,
                           double effectiveRuns, double[] logWeights) {}

    /** Largest |Δβ · a| for the direct form of the softplus difference (package-visible for tests). */
    double directDifferenceLimit = 1.0;

    private final int nv, nh, runs;
    private final Group[] groups;
    private final PairedWorker worker;

    /**
     * @param runs M; with 4 or more the runs form two fixed groups (their own buffers and random streams) that
     *             anneal on two threads when there are two processors — the numbers do not depend on that
     */
    public AnnealedImportanceSampler(int visible, int hidden, int runs) {
        if (runs < 2) throw new IllegalArgumentException("AIS needs at least 2 runs");
        this.nv = visible;
        this.nh = hidden;
        this.runs = runs;
        if (runs >= 4) {
            groups = new Group[]{new Group((runs + 1) / 2), new Group(runs / 2)};
            worker = new PairedWorker("ais-worker");
        } else {
            groups = new Group[]{new Group(runs)};
            worker = null;
        }
    }

    public int runs() {
        return runs;
    }

    /** The worker that runs the second group; null with fewer than 4 runs (tests). */
    PairedWorker worker() {
        return worker;
    }

    /**
     * Estimates log Z of {@code rbm}.
     *
     * @param baseBias   b_A, the base-rate model's visible biases (e.g. {@link BernoulliRbm#logOdds} of the data means)
     * @param checkpoint runs every few hundred β steps (cancellation); may be called from a worker thread
     */
    public Estimate estimate(BernoulliRbm rbm, double[] baseBias, BetaSchedule schedule, long seed, Runnable checkpoint) {
        if (rbm.visible() != nv || rbm.hidden() != nh || baseBias.length != nv)
            throw new IllegalArgumentException("shapes do not match this sampler");
        ExactPartitionFunction.Parameters p = ExactPartitionFunction.Parameters.of(rbm);
        double logZBase = nh * Math.log(2);
        for (double bi : baseBias) logZBase += Softplus.of(bi);
        // Bounds on |cⱼ + (vᵀW)ⱼ| over binary v (largest and sum over j), for the choice of formula per step.
        double maxBound = 0, sumBound = 0;
        for (int j = 0; j < nh; j++) {
            double s = Math.abs(p.c()[j]);
            for (int i = 0; i < nv; i++) s += Math.abs(p.w()[i][j]);
            maxBound = Math.max(maxBound, s);
            sumBound += s;
        }
        Shared shared = new Shared(rbm.thetaPointer(), p.b(), baseBias, schedule, maxBound, sumBound, checkpoint);
        double[][] logW = new double[groups.length][];
        if (worker == null) logW[0] = groups[0].anneal(shared, seed, 0);
        else worker.run(g -> logW[g] = groups[g].anneal(shared, seed, g));
        double[] all = new double[runs];
        int at = 0;
        for (double[] w : logW) {
            System.arraycopy(w, 0, all, at, w.length);
            at += w.length;
        }
        return summarise(all, logZBase, schedule.size());
    }

    /** What every group reads during one estimate. */
    private record Shared(FloatPointer theta, double[] b, double[] baseBias, BetaSchedule schedule, double maxBound,
                          double sumBound, Runnable checkpoint) {}

    /** A set of runs with its own buffers, random numbers and kernel; one thread at a time. */
    private final class Group {
        private final int m;
        /** Native-order direct buffers shared by BLAS (through the pointers) and the sampling kernel. */
        private final ByteBuffer x, a, hs, vPre, bDiff, d;
        private final FloatPointer pX, pA, pHs, pVPre, pBDiff, pD;
        private final float[] hostD, mix;
        private final double[] logFactor;
        private final LogisticSampling kernel = LogisticSampling.fastest();

        Group(int m) {
            this.m = m;
            this.x = floats((long) m * (nv + 1));
            this.a = floats((long) m * nh);
            this.hs = floats((long) m * nh);
            this.vPre = floats((long) m * nv);
            this.bDiff = floats(nv + 1);
            this.d = floats(m);
            this.pX = pointer(x);
            this.pA = pointer(a);
            this.pHs = pointer(hs);
            this.pVPre = pointer(vPre);
            this.pBDiff = pointer(bDiff);
            this.pD = pointer(d);
            this.hostD = new float[m];
            this.mix = new float[nv];
            this.logFactor = new double[m];
            for (int r = 0; r < m; r++) x.putFloat(4 * (r * (nv + 1) + nv), 1f); // the bias unit of [v, 1]
        }

        /** Anneals this group's runs from β = 0 to 1; returns their log importance weights. */
        double[] anneal(Shared sh, long seed, int group) {
            BetaSchedule schedule = sh.schedule();
            FloatPointer pTheta = sh.theta();
            for (int i = 0; i < nv; i++) bDiff.putFloat(4 * i, (float) (sh.b()[i] - sh.baseBias()[i]));
            bDiff.putFloat(4 * nv, 0f);
            double[] logW = new double[m];
            CounterRandom random = new CounterRandom(seed, "ais/" + group);

            // v₁ ~ p_A: independent units with p = σ(b_A).
            for (int i = 0; i < m * nv; i++) vPre.putFloat(4 * i, 0f);
            setMix(sh, 0.0);
            kernel.sample(vPre, nv, mix, x, nv + 1, m, nv, random.nextKeys(), 0f, null);

            int last = schedule.size() - 1;
            for (int k = 1; k <= last; k++) {
                if (k % CHECK_EVERY == 0) sh.checkpoint().run();
                double beta = schedule.beta(k), dBeta = beta - schedule.beta(k - 1);
                // a = β_k (c + vᵀW) for every run: one GEMM, shared by the weight and the transition; d = (b − b_A)ᵀv.
                Blas.sgemm(false, false, m, nh, nv + 1, (float) beta, pX, nv + 1, pTheta, nh + 1, 0f, pA, nh);
                Blas.sgemv(m, nv + 1, 1f, pX, nv + 1, pBDiff, 1, 0f, pD, 1);
                pD.get(hostD, 0, m);
                // h ~ σ(a) and, in the direct form, Σⱼ log fⱼ per run with fⱼ = 1 + σ(aⱼ)(e^{−(Δβ/β_k) aⱼ} − 1).
                boolean direct = dBeta * sh.maxBound() <= directDifferenceLimit;
                kernel.sample(a, nh, null, hs, nh, m, nh, random.nextKeys(), (float) (dBeta / beta),
                        direct ? logFactor : null);
                if (direct) {
                    for (int r = 0; r < m; r++) logW[r] += -logFactor[r] + dBeta * hostD[r];
                } else {
                    double previous = (beta - dBeta) / beta;
                    for (int r = 0; r < m; r++) {
                        double inc = 0;
                        for (int j = 0; j < nh; j++) {
                            double s = a.getFloat(4 * (r * nh + j));
                            inc += Softplus.of(s) - Softplus.of(s * previous);
                        }
                        logW[r] += inc + dBeta * hostD[r];
                    }
                }
                if (k == last) break;

                // Transition T_k: h (sampled above), then v ~ σ(β_k(b + Wh) + (1 − β_k) b_A).
                Blas.sgemm(false, true, m, nv, nh, (float) beta, pHs, nh, pTheta, nh + 1, 0f, pVPre, nv);
                setMix(sh, beta);
                kernel.sample(vPre, nv, mix, x, nv + 1, m, nv, random.nextKeys(), 0f, null);
            }
            return logW;
        }

        private void setMix(Shared sh, double beta) {
            for (int i = 0; i < nv; i++) mix[i] = (float) (beta * sh.b()[i] + (1 - beta) * sh.baseBias()[i]);
        }
    }

    /** A zeroed native-order direct buffer of {@code count} floats, 64-byte aligned. */
    private static ByteBuffer floats(long count) {
        long bytes = (count * 4 + 63) / 64 * 64; // alignedSlice also rounds the end down to a multiple of 64
        if (bytes + 64 > Integer.MAX_VALUE) throw new IllegalArgumentException("AIS buffer too large: " + count + " floats");
        return ByteBuffer.allocateDirect((int) (bytes + 64)).alignedSlice(64).order(ByteOrder.nativeOrder());
    }

    private static FloatPointer pointer(ByteBuffer b) {
        return new FloatPointer(b.asFloatBuffer());
    }

    /** Stops the worker thread. */
    @Override
    public void close() {
        if (worker != null) worker.close();
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

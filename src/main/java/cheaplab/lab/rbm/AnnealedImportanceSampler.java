package cheaplab.lab.rbm;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.SubOp;
import org.nd4j.linalg.api.ops.impl.reduce.same.Prod;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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
 * the weight update and the transition, and the visible pre-activations) plus element-wise work. The softplus
 * difference is computed without cancellation as
 * softplus(x) − softplus(x − δ) = −log(1 + σ(x) · (e^{−δ} − 1)),  x = β_k a,  δ = (β_k − β_{k−1}) a,
 * reusing σ(β_k a) of the transition, whenever |δ| ≤ 1 for every unit (checked once per step from a bound on
 * |a|), else as a difference of overflow-free softplus values; the sum over units of −log fⱼ is taken as the log
 * of one product per run when Δβ Σⱼ|aⱼ| keeps that product far from float overflow. (Exp and log rather than expm1 and log1p: libnd4j's
 * log1p and expm1 cost 2–4× more, and in float the difference is immaterial — both sides round the small term to
 * about 6·10⁻⁸ per unit and step, unbiased, against ~10⁻⁶ for a difference of two softplus values.) The
 * increments are summed per run in double precision.
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
    /** Largest Δβ Σⱼ|aⱼ| for which the factors fⱼ are multiplied before the logarithm (float stays far from overflow). */
    double productLimit = 60.0;

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

    /** A set of runs with its own buffers; one thread at a time. */
    private final class Group {
        private final int m;
        private final INDArray x, a, t, e, s2, scratch, hs, vPre, vProb, ones, bDiff, bMix, inc, d;
        private final FloatPointer pX, pA, pE, pHs, pVPre, pOnes, pBDiff, pBMix, pInc, pD;
        private final float[] hostInc, hostD, hostMix;

        Group(int m) {
            this.m = m;
            this.x = Nd4j.zeros(DataType.FLOAT, m, nv + 1);
            this.a = Nd4j.create(DataType.FLOAT, m, nh);
            this.t = Nd4j.create(DataType.FLOAT, m, nh);
            this.e = Nd4j.create(DataType.FLOAT, m, nh);
            this.s2 = Nd4j.create(DataType.FLOAT, m, nh);
            this.scratch = Nd4j.create(DataType.FLOAT, m, nh);
            this.hs = Nd4j.create(DataType.FLOAT, m, nh);
            this.vPre = Nd4j.zeros(DataType.FLOAT, m, nv + 1);
            this.vProb = Nd4j.create(DataType.FLOAT, m, nv + 1);
            this.ones = Nd4j.ones(DataType.FLOAT, Math.max(m, nh));
            this.bDiff = Nd4j.zeros(DataType.FLOAT, nv + 1);
            this.bMix = Nd4j.create(DataType.FLOAT, nv);
            this.inc = Nd4j.create(DataType.FLOAT, m);
            this.d = Nd4j.create(DataType.FLOAT, m);
            vPre.getColumn(nv).assign(Float.POSITIVE_INFINITY);
            this.pX = Blas.floats(x, 0);
            this.pA = Blas.floats(a, 0);
            this.pE = Blas.floats(e, 0);
            this.pHs = Blas.floats(hs, 0);
            this.pVPre = Blas.floats(vPre, 0);
            this.pOnes = Blas.floats(ones, 0);
            this.pBDiff = Blas.floats(bDiff, 0);
            this.pBMix = Blas.floats(bMix, 0);
            this.pInc = Blas.floats(inc, 0);
            this.pD = Blas.floats(d, 0);
            this.hostInc = new float[m];
            this.hostD = new float[m];
            this.hostMix = new float[nv];
        }

        /** Anneals this group's runs from β = 0 to 1; returns their log importance weights. */
        double[] anneal(Shared sh, long seed, int group) {
            BetaSchedule schedule = sh.schedule();
            FloatPointer pTheta = sh.theta();
            float[] diff = new float[nv + 1];
            for (int i = 0; i < nv; i++) diff[i] = (float) (sh.b()[i] - sh.baseBias()[i]);
            pBDiff.put(diff, 0, nv + 1);
            INDArray vPreValues = vPre.get(NDArrayIndex.all(), NDArrayIndex.interval(0, nv));
            double[] logW = new double[m];
            Random random = NativeRandom.create(seed, "ais/" + group);
            try {
                // v₁ ~ p_A: independent units with p = σ(b_A).
                vPreValues.assign(0);
                setMix(sh, 0.0);
                Blas.sger(m, nv, 1f, pOnes, 1, pBMix, 1, pVPre, nv + 1);
                Nd4j.getExecutioner().exec(new Sigmoid(vPre, vProb));
                Nd4j.getExecutioner().exec(new BernoulliDistribution(x, vProb), random);

                int last = schedule.size() - 1;
                for (int k = 1; k <= last; k++) {
                    if (k % CHECK_EVERY == 0) sh.checkpoint().run();
                    double beta = schedule.beta(k), dBeta = beta - schedule.beta(k - 1);
                    // t = β_k (c + vᵀW) for every run: one GEMM, shared by the weight and the transition; d = (b − b_A)ᵀv.
                    Blas.sgemm(false, false, m, nh, nv + 1, (float) beta, pX, nv + 1, pTheta, nh + 1, 0f, pA, nh);
                    Blas.sgemv(m, nv + 1, 1f, pX, nv + 1, pBDiff, 1, 0f, pD, 1);
                    Nd4j.getExecutioner().exec(new Sigmoid(a, t)); // t = σ(β_k a), the hidden probabilities
                    boolean logged = false;
                    if (dBeta * sh.maxBound() <= directDifferenceLimit) {
                        // fⱼ = 1 + σ(β_k aⱼ)(e^{−Δβ aⱼ} − 1), and softplus(β_k aⱼ) − softplus(β_{k−1} aⱼ) = −log fⱼ
                        Nd4j.getExecutioner().exec(new ScalarMultiplication(a, null, e, -dBeta / beta));
                        Nd4j.getExecutioner().exec(new Exp(e, e));
                        Nd4j.getExecutioner().exec(new ScalarAdd(e, null, e, -1.0));
                        Nd4j.getExecutioner().exec(new MulOp(e, t, e));
                        Nd4j.getExecutioner().exec(new ScalarAdd(e, null, e, 1.0));
                        if (dBeta * sh.sumBound() <= productLimit) {
                            // Σⱼ log fⱼ = log Πⱼ fⱼ: one product per run (|log Π| ≤ Δβ Σⱼ|aⱼ|, no float overflow)
                            Nd4j.getExecutioner().exec(new Prod(e, inc, 1));
                            logged = true;
                        } else {
                            Nd4j.getExecutioner().exec(new Log(e, e));
                            Blas.sgemv(m, nh, -1f, pE, nh, pOnes, 1, 0f, pInc, 1);
                        }
                    } else {
                        Nd4j.getExecutioner().exec(new ScalarMultiplication(a, null, e, 1.0)); // β_k a
                        Softplus.inPlace(e, scratch);
                        Nd4j.getExecutioner().exec(new ScalarMultiplication(a, null, s2, (beta - dBeta) / beta));
                        Softplus.inPlace(s2, scratch);
                        Nd4j.getExecutioner().exec(new SubOp(e, s2, e));
                        Blas.sgemv(m, nh, 1f, pE, nh, pOnes, 1, 0f, pInc, 1);
                    }
                    pInc.get(hostInc, 0, m);
                    pD.get(hostD, 0, m);
                    if (logged) for (int r = 0; r < m; r++) logW[r] += -Math.log(hostInc[r]) + dBeta * hostD[r];
                    else for (int r = 0; r < m; r++) logW[r] += hostInc[r] + dBeta * hostD[r];
                    if (k == last) break;

                    // Transition T_k: h ~ σ(β_k(c + vᵀW)), then v ~ σ(β_k(b + Wh) + (1 − β_k) b_A).
                    Nd4j.getExecutioner().exec(new BernoulliDistribution(hs, t), random);
                    Blas.sgemm(false, true, m, nv, nh, (float) beta, pHs, nh, pTheta, nh + 1, 0f, pVPre, nv + 1);
                    setMix(sh, beta);
                    Blas.sger(m, nv, 1f, pOnes, 1, pBMix, 1, pVPre, nv + 1);
                    Nd4j.getExecutioner().exec(new Sigmoid(vPre, vProb));
                    Nd4j.getExecutioner().exec(new BernoulliDistribution(x, vProb), random);
                }
            } finally {
                NativeRandom.close(random);
            }
            return logW;
        }

        private void setMix(Shared sh, double beta) {
            for (int i = 0; i < nv; i++) hostMix[i] = (float) (beta * sh.b()[i] + (1 - beta) * sh.baseBias()[i]);
            pBMix.put(hostMix, 0, nv);
        }
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

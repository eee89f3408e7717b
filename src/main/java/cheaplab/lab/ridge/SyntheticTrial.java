package cheaplab.lab.ridge;

import cheaplab.linalg.Lapack;
import cheaplab.linalg.ThinSvd;

/**
 * One repeat at one N_i of a synthetic sweep. ONE thin SVD of the n × p design X = U S Vᵀ serves every λ: the
 * estimate, its norm, the residual, GCV and the exact bias²/variance split for this fixed X (expectation over
 * the noise only, as in the appendix of "When Regularization Fails"):
 * <ul>
 * <li>E ŵ = V F Vᵀ w*, so the bias is b = (I − V F Vᵀ) w* and bias² = ‖b‖² (bᵀΣb for the decaying spectrum);</li>
 * <li>ŵ − E ŵ = V F S⁻¹ Uᵀ ε, so variance = σ² Σ_i (f_i/s_i)² q_i with q_i = 1 for independent noise,
 * q_i = u_iᵀ K u_i for AR(1) noise (K_st = ρ^|s−t|), q_i = v_iᵀ Σ v_i for the Σ-weighted risk;</li>
 * <li>the measured risk ‖ŵ − w*‖² (or Σ-weighted) of the actual noise draw has expectation bias² + variance.</li>
 * </ul>
 * No intercept: the synthetic features and labels have mean zero by construction.
 */
final class SyntheticTrial {
    private SyntheticTrial() {}

    /** Runs repeat {@code repeat} at {@code n} instances for the given λ' (penalties of ‖y − Xw‖² + λ'‖w‖²). */
    static RepeatOutcome run(GaussianLinearModel model, int repeat, int n, double[] sumLambdas) {
        return evaluate(model.sample(repeat, n), model.covariance(), model.noiseCorrelation(), model.noise(), sumLambdas);
    }

    /**
     * Every λ for one training set drawn from a model with population covariance {@code d} (null: Σ = I),
     * AR(1) noise coefficient {@code rho} and noise standard deviation {@code sigma}.
     */
    static RepeatOutcome evaluate(GaussianLinearModel.Sample sample, double[] d, double rho, double sigma,
                                  double[] sumLambdas) {
        int n = sample.n(), p = sample.p();
        ThinSvd svd = Lapack.thinSvd(n, p, sample.x());
        SpectralRidge ridge = SpectralRidge.of(svd, 1, sample.y(), false);
        int k = ridge.k(), rank = ridge.rank();
        if (d != null && rho != 0) throw new IllegalStateException("correlated noise with a non-identity covariance");
        double[] w = sample.wStar();

        double[] a = new double[k]; // Vᵀw*
        for (int i = 0; i < k; i++) {
            double acc = 0;
            for (int j = 0; j < p; j++) acc += ridge.vt(i, j) * w[j];
            a[i] = acc;
        }
        double[] q = noiseWeights(svd, ridge, d, rho);
        double sigma2 = sigma * sigma;

        RepeatOutcome out = RepeatOutcome.empty(rank, sumLambdas.length);
        for (int l = 0; l < sumLambdas.length; l++) {
            double[] f = ridge.filter(sumLambdas[l]);
            double[] west = ridge.weights(ridge.coefficients(f, 0));
            double[] fa = new double[k];
            double variance = 0;
            for (int i = 0; i < rank; i++) {
                fa[i] = f[i] * a[i];
                double g = f[i] / ridge.s(i);
                variance += g * g * q[i];
            }
            double[] mean = ridge.weights(fa); // E ŵ = V F Vᵀ w*
            double risk = 0, bias2 = 0, norm2 = 0;
            for (int j = 0; j < p; j++) {
                double dj = d == null ? 1 : d[j];
                double e = west[j] - w[j], b = w[j] - mean[j];
                risk += dj * e * e;
                bias2 += dj * b * b;
                norm2 += west[j] * west[j];
            }
            out.testRisk()[l] = risk;
            out.bias2()[l] = bias2;
            out.variance()[l] = sigma2 * variance;
            out.solutionNorm()[l] = Math.sqrt(norm2);
            out.residualNorm()[l] = Math.sqrt(ridge.residual2(f, 0));
            out.gcv()[l] = ridge.gcv(f, 0);
        }
        return out;
    }

    /** q_i: 1 (independent noise, Σ = I), u_iᵀKu_i (AR(1) noise) or v_iᵀΣv_i (Σ-weighted risk). */
    static double[] noiseWeights(ThinSvd svd, SpectralRidge ridge, double[] d, double rho) {
        int k = ridge.k(), p = ridge.p(), n = svd.m();
        double[] q = new double[k];
        for (int i = 0; i < ridge.rank(); i++) {
            if (rho != 0) {
                double[] ku = Ar1CorrelatedNoise.correlate(rho, svd.u(), i, k, n);
                double acc = 0;
                for (int t = 0; t < n; t++) acc += svd.u(t, i) * ku[t];
                q[i] = acc;
            } else if (d != null) {
                double acc = 0;
                for (int j = 0; j < p; j++) acc += d[j] * ridge.vt(i, j) * ridge.vt(i, j);
                q[i] = acc;
            } else {
                q[i] = 1;
            }
        }
        return q;
    }
}

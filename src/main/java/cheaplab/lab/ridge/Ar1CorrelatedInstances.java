package cheaplab.lab.ridge;

import java.util.SplittableRandom;

/**
 * Instances correlated along their index, as in a time series: every feature and the noise follow the same
 * stationary AR(1) process, x_t = ρ x_{t−1} + √(1 − ρ²) z_t with x₁ = z₁ (per feature, z iid N(0, 1)), and
 * ε_t = ρ ε_{t−1} + σ√(1 − ρ²) z'_t with ε₁ = σ z'₁. So every row is still marginally N(0, I), every noise value
 * N(0, σ²), and Corr(x_s, x_t) = Corr(ε_s, ε_t) = ρ^|s−t| (the matrix K).
 *
 * <p>This is the case that fools cross-validation and GCV: with correlated noise alone and iid rows, the
 * held-out noise is uncorrelated with anything the model can fit (E[x_sᵀA x_t] = 0 for s ≠ t) and the choice of
 * λ does not move; with the features correlated along the index too, the fit that follows the training noise
 * also predicts its neighbours' noise in a random held-out fold, and CV and GCV choose a far smaller λ.
 *
 * <p>For a fixed design the exact bias²/variance split still holds with noise covariance σ²K (variance
 * σ² Σ (f_i/s_i)² u_iᵀKu_i, see {@link SyntheticTrial}); the excess risk ‖ŵ − w*‖² is still the risk at a fresh
 * N(0, I) instance. The Hastie et al. curve does not apply (the rows are not independent: XᵀX no longer follows the
 * Marchenko–Pastur law), so points of this dataset carry no theoryRisk.
 */
public final class Ar1CorrelatedInstances extends GaussianLinearModel {
    private final double rho;

    public Ar1CorrelatedInstances(int features, double rho, double noise, double signal, long seed) {
        super("correlated", features, noise, signal, seed, null);
        this.rho = rho;
    }

    @Override
    public double noiseCorrelation() {
        return rho;
    }

    @Override
    double[] noiseSequence(SplittableRandom rng, int n) {
        double[] e = new double[n];
        double innovation = noise() * Math.sqrt(1 - rho * rho);
        for (int i = 0; i < n; i++) {
            double z = rng.nextGaussian();
            e[i] = i == 0 ? noise() * z : rho * e[i - 1] + innovation * z;
        }
        return e;
    }

    /** Rows drawn in order (so the first n rows of a longer sequence are the same), each an AR(1) step of the last. */
    @Override
    double[] designRows(SplittableRandom rng, int n) {
        int p = features();
        double[] x = new double[n * p];
        double innovation = Math.sqrt(1 - rho * rho);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < p; j++) {
                double z = rng.nextGaussian();
                x[i * p + j] = i == 0 ? z : rho * x[(i - 1) * p + j] + innovation * z;
            }
        return x;
    }

    /**
     * K u for the AR(1) correlation matrix K_st = ρ^|s−t| in O(n): a forward and a backward first-order
     * recursion, minus the diagonal counted twice.
     */
    static double[] correlate(double rho, double[] u, int offset, int stride, int n) {
        double[] out = new double[n];
        double f = 0;
        for (int t = 0; t < n; t++) {
            f = u[offset + t * stride] + rho * f;
            out[t] = f;
        }
        double b = 0;
        for (int t = n - 1; t >= 0; t--) {
            double ut = u[offset + t * stride];
            b = ut + rho * b;
            out[t] += b - ut;
        }
        return out;
    }
}

package cheaplab.lab.ridge;

import java.util.SplittableRandom;

/**
 * Isotropic Gaussian features with stationary AR(1) noise along the instance index: ε₁ = σ z₁,
 * ε_t = ρ ε_{t−1} + σ√(1 − ρ²) z_t, so Var ε_t = σ² and Corr(ε_s, ε_t) = ρ^|s−t|. Neighbouring instances share
 * noise, which is what fools cross-validation (held-out folds are not independent of the training folds).
 * Averaged over the isotropic design the risk equals the independent-noise one (left rotations of X leave
 * its law unchanged and tr K = n), so the Hastie et al. curve still applies to the mean.
 */
public final class Ar1CorrelatedNoise extends GaussianLinearModel {
    private final double rho;

    public Ar1CorrelatedNoise(int features, double rho, double noise, double signal, long seed) {
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

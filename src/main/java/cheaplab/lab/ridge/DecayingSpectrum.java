package cheaplab.lab.ridge;

/**
 * x ~ N(0, Σ) with Σ = diag(d_j), d_j ∝ j^(−decay) scaled to mean 1 (so tr Σ = p, as for Σ = I), and
 * independent noise. The design's singular values decay, so small-λ ridge amplifies noise along the weak
 * directions even away from N = p.
 */
public final class DecayingSpectrum extends GaussianLinearModel {
    public DecayingSpectrum(int features, double decay, double noise, double signal, long seed) {
        super("spectrum", features, noise, signal, seed, eigenvalues(features, decay));
    }

    /** d_j = j^(−decay) / mean_k k^(−decay), j = 1..p. */
    static double[] eigenvalues(int p, double decay) {
        double[] d = new double[p];
        double sum = 0;
        for (int j = 0; j < p; j++) {
            d[j] = Math.pow(j + 1, -decay);
            sum += d[j];
        }
        for (int j = 0; j < p; j++) d[j] *= p / sum;
        return d;
    }
}

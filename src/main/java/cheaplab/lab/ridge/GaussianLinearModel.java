package cheaplab.lab.ridge;

import cheaplab.core.Seeds;

import java.util.SplittableRandom;

/**
 * A synthetic regression problem y = Xw* + ε with Gaussian rows x ~ N(0, Σ) (Σ diagonal), w* uniform on the
 * sphere of radius r, and Gaussian noise of marginal standard deviation σ, independent or AR(1)-correlated
 * along the instance index. Subclasses name the generative model.
 *
 * <p>Every repeat has its own three random streams derived from the seed ({@link Seeds#stream}): design,
 * signal and noise. Rows and noise values are drawn sequentially, so the training set of N instances is the
 * first N rows of the repeat's sequence: sets are nested in N within a repeat, and the numbers of one N do
 * not depend on which other N the sweep contains.
 */
public abstract sealed class GaussianLinearModel permits IsotropicGaussian, DecayingSpectrum, Ar1CorrelatedNoise {
    private final String name;
    private final int features;
    private final double noise;
    private final double signal;
    private final long seed;
    /** Standard deviations √d_j of the features, or null for Σ = I. */
    private final double[] scale;

    GaussianLinearModel(String name, int features, double noise, double signal, long seed, double[] covariance) {
        this.name = name;
        this.features = features;
        this.noise = noise;
        this.signal = signal;
        this.seed = seed;
        if (covariance != null) {
            scale = new double[features];
            for (int j = 0; j < features; j++) scale[j] = Math.sqrt(covariance[j]);
        } else {
            scale = null;
        }
    }

    /** The model the config names (not for mnist). */
    public static GaussianLinearModel of(RidgeConfig c) {
        return switch (c.dataset()) {
            case "isotropic" -> new IsotropicGaussian(c.features(), c.noise(), c.signal(), c.seed());
            case "spectrum" -> new DecayingSpectrum(c.features(), c.decay(), c.noise(), c.signal(), c.seed());
            case "correlated" -> new Ar1CorrelatedNoise(c.features(), c.correlation(), c.noise(), c.signal(), c.seed());
            default -> throw new IllegalArgumentException("not a synthetic dataset: " + c.dataset());
        };
    }

    /** One training set: {@code x} row-major n × p, labels {@code y}, the true weights {@code wStar}. */
    public record Sample(int n, int p, double[] x, double[] y, double[] wStar) {}

    public int features() {
        return features;
    }

    /** σ, the marginal noise standard deviation. */
    public double noise() {
        return noise;
    }

    /** r = ‖w*‖. */
    public double signal() {
        return signal;
    }

    /** Population covariance eigenvalues d_j (Σ = diag(d)); null means Σ = I. */
    public double[] covariance() {
        if (scale == null) return null;
        double[] d = new double[features];
        for (int j = 0; j < features; j++) d[j] = scale[j] * scale[j];
        return d;
    }

    /** AR(1) coefficient ρ of the noise along the instance index; 0 for independent noise. */
    public double noiseCorrelation() {
        return 0;
    }

    /** The first n instances of repeat {@code repeat}. */
    public Sample sample(int repeat, int n) {
        int p = features;
        SplittableRandom design = Seeds.stream(seed, "ridge/" + name + "/design/" + repeat);
        SplittableRandom signalRng = Seeds.stream(seed, "ridge/" + name + "/signal/" + repeat);
        SplittableRandom noiseRng = Seeds.stream(seed, "ridge/" + name + "/noise/" + repeat);
        double[] w = new double[p];
        double norm2 = 0;
        for (int j = 0; j < p; j++) {
            w[j] = signalRng.nextGaussian();
            norm2 += w[j] * w[j];
        }
        double f = signal / Math.sqrt(norm2);
        for (int j = 0; j < p; j++) w[j] *= f;
        double[] x = new double[n * p];
        for (int i = 0; i < n * p; i++) x[i] = design.nextGaussian();
        if (scale != null) for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) x[i * p + j] *= scale[j];
        double[] eps = noiseSequence(noiseRng, n);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < p; j++) s += x[i * p + j] * w[j];
            y[i] = s + eps[i];
        }
        return new Sample(n, p, x, y, w);
    }

    /** n noise values of marginal standard deviation σ; independent unless overridden. */
    double[] noiseSequence(SplittableRandom rng, int n) {
        double[] e = new double[n];
        for (int i = 0; i < n; i++) e[i] = noise * rng.nextGaussian();
        return e;
    }
}

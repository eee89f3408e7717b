package cheaplab.lab.mlp;

import java.util.SplittableRandom;

/**
 * Elastic distortion (Simard, Steinkraus &amp; Platt 2003) with a random rotation and scaling, as Cireșan et al.
 * (2010) applied afresh to every training image of every epoch.
 *
 * <p>Displacement field: every pixel gets Δx, Δy drawn uniformly from (−1, 1); each component is convolved with a
 * Gaussian of width σ (normalised to unit sum, truncated at {@value #TRUNCATE}σ; float arithmetic) and multiplied by α. The noise is
 * drawn on a grid padded by the kernel's radius, so every pixel's value is a full convolution: the field is
 * stationary, and its autocorrelation at a lag of d pixels along an axis is Σₖgₖgₖ₊d / Σₖgₖ², close to
 * exp(−d²/4σ²) — a correlation length of √2·σ.
 *
 * <p>The affine part: a rotation θ uniform in ±rotation degrees and independent scalings of x and y uniform in
 * 1 ± scaling, about the image centre. Output pixel p reads the input at A⁻¹(p − c) + c + αΔ(p) by bilinear
 * interpolation, 0 outside the image. So α = 0 with no rotation and no scaling is the identity (every source point
 * is the pixel itself, exactly), and values stay within the input's range [0, 1] (a convex combination of pixels
 * and the 0 border).
 */
public final class ElasticDistortion {
    static final double TRUNCATE = 3.0;
    /** Zero pixels around the bordered copy of the source image (left and top; one more right and bottom). */
    static final int BORDER = 2;

    private final int width, height, radius, paddedWidth, paddedHeight;
    private final double sigma, alpha, rotation, scaling;
    private final double[] kernel;
    private final float[] kernelF;
    private final int noiseLength, rowLength, columnLength;
    // Scratch of one thread: one instance per producer thread.
    private final float[] noise, rowPass, columnPass, dx, dy, bordered;
    private final int borderedWidth;

    public ElasticDistortion(int width, int height, double sigma, double alpha, double rotationDegrees, double scaling) {
        this.width = width;
        this.height = height;
        this.sigma = sigma;
        this.alpha = alpha;
        this.rotation = Math.toRadians(rotationDegrees);
        this.scaling = scaling;
        this.radius = (int) Math.ceil(TRUNCATE * sigma);
        this.kernel = gaussian(sigma, radius);
        this.kernelF = new float[kernel.length];
        for (int k = 0; k < kernel.length; k++) kernelF[k] = (float) kernel[k];
        this.paddedWidth = width + 2 * radius;
        this.paddedHeight = height + 2 * radius;
        // Flat passes over the padded grid, lengths rounded up to DisplacementNoise.BLOCK (see smoothedField).
        this.rowLength = DisplacementNoise.roundUp((height - 1) * paddedWidth + width);
        this.columnLength = DisplacementNoise.roundUp(rowLength + kernel.length - 1);
        this.noiseLength = DisplacementNoise.roundUp(columnLength + (kernel.length - 1) * paddedWidth);
        this.noise = new float[noiseLength];
        this.rowPass = new float[rowLength];
        this.columnPass = new float[columnLength];
        this.borderedWidth = width + 2 * BORDER + 1;
        this.bordered = new float[borderedWidth * (height + 2 * BORDER + 1)];
        this.dx = new float[width * height];
        this.dy = new float[width * height];
    }

    /** The unit-sum Gaussian g₋ᵣ … gᵣ. */
    static double[] gaussian(double sigma, int radius) {
        double[] g = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) sum += g[k + radius] = Math.exp(-k * (double) k / (2 * sigma * sigma));
        for (int i = 0; i < g.length; i++) g[i] /= sum;
        return g;
    }

    /** The seed of image {@code image}'s distortion in epoch {@code epoch}: independent of threads and order. */
    public static SplittableRandom random(long seed, int epoch, int image) {
        long h = seed ^ 0x5DEECE66DL;
        h = mix(h + 0x9E3779B97F4A7C15L * (epoch + 1L));
        h = mix(h + 0xC2B2AE3D27D4EB4FL * (image + 1L));
        return new SplittableRandom(h);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * One smoothed displacement component (before α) into {@code out} (height × width, row-major), drawn from
     * {@code rng}: uniform noise on the padded grid ({@link DisplacementNoise}, keyed by one {@code nextLong}), then
     * the separable Gaussian along y (only the output rows are needed) and along x (only the output columns). Both
     * passes run over the padded grid's rows as flat loops, so entries that straddle two rows are computed too and
     * never read: columnPass[y·pw + X] = Σₖ gₖ noise[(y + k)·pw + X], rowPass[y·pw + x] = Σₖ gₖ columnPass[y·pw + x + k],
     * valid for x &lt; width.
     */
    void smoothedField(SplittableRandom rng, float[] out) {
        long key = rng.nextLong();
        DisplacementNoise.fill(noise, noiseLength, (int) key, (int) (key >>> 32));
        DisplacementNoise.convolve(noise, paddedWidth, kernelF, columnPass, columnLength);
        DisplacementNoise.convolve(columnPass, 1, kernelF, rowPass, rowLength);
        for (int y = 0; y < height; y++) System.arraycopy(rowPass, y * paddedWidth, out, y * width, width);
    }

    /** Distorts {@code src} (height × width values in [0, 1]) into {@code dst} with randomness from {@code rng}. */
    public void apply(float[] src, int srcOffset, float[] dst, int dstOffset, SplittableRandom rng) {
        double theta = rotation * (2 * rng.nextDouble() - 1);
        double sx = 1 + scaling * (2 * rng.nextDouble() - 1), sy = 1 + scaling * (2 * rng.nextDouble() - 1);
        boolean elastic = alpha != 0;
        if (elastic) {
            smoothedField(rng, dx);
            smoothedField(rng, dy);
        }
        for (int y = 0; y < height; y++)
            System.arraycopy(src, srcOffset + y * width, bordered, (y + BORDER) * borderedWidth + BORDER, width);
        // Inverse map: rotate by −θ, then undo the scaling.
        double c = Math.cos(theta), s = Math.sin(theta);
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0;
        for (int y = 0; y < height; y++) {
            double v = y - cy;
            for (int x = 0; x < width; x++) {
                double u = x - cx;
                double ur = c * u + s * v, vr = -s * u + c * v;
                double xs = cx + ur / sx, ys = cy + vr / sy;
                int p = y * width + x;
                if (elastic) {
                    xs += alpha * dx[p];
                    ys += alpha * dy[p];
                }
                dst[dstOffset + p] = bilinear(xs, ys);
            }
        }
    }

    /**
     * Bilinear interpolation in the bordered copy of the image: the coordinates are clamped to [−{@value #BORDER},
     * size − 1 + {@value #BORDER} − 1] — every tap of a point beyond that lies in the zero border anyway — so no tap
     * needs a bounds test. With fx = 0 (or fy = 0) the weights are exactly 1 and 0, so whole-pixel points read the
     * pixel itself.
     */
    private float bilinear(double xs, double ys) {
        xs = Math.min(width + BORDER - 2, Math.max(-BORDER, xs));
        ys = Math.min(height + BORDER - 2, Math.max(-BORDER, ys));
        int x0 = (int) (xs + BORDER), y0 = (int) (ys + BORDER); // floor: the sums are ≥ 0
        double fx = xs + BORDER - x0, fy = ys + BORDER - y0;
        int at = y0 * borderedWidth + x0;
        double a = bordered[at], b = bordered[at + 1], cc = bordered[at + borderedWidth], d = bordered[at + borderedWidth + 1];
        double top = (1 - fx) * a + fx * b, bottom = (1 - fx) * cc + fx * d;
        double v = (1 - fy) * top + fy * bottom;
        // A convex combination of values in [0, 1]: rounding can only stray by an ulp.
        return (float) Math.min(1.0, Math.max(0.0, v));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    double sigma() {
        return sigma;
    }
}

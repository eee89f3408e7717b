package cheaplab.lab.vrg;

/**
 * Receptive fields of a stack of RBMs and how local they are on the L×L periodic lattice.
 *
 * <p>The receptive field of unit j of layer ℓ is column j of F⁽ℓ⁾ = W⁽¹⁾W⁽²⁾⋯W⁽ℓ⁾ (L² × n_ℓ), the product of the
 * weight matrices back to the lattice (Mehta &amp; Schwab 2014, Fig. 4). Its spread is the weight-weighted rms
 * periodic distance from its centre of mass,
 * <pre>  s_j = sqrt( Σᵢ |Fᵢⱼ| d(rᵢ, r̄ⱼ)² / Σᵢ |Fᵢⱼ| ),</pre>
 * where r̄ⱼ is the field's centre of mass on the torus (per axis the circular mean of the positions weighted by |Fᵢⱼ|,
 * refined to the weighted mean of the minimum-image displacements from it) and d the minimum-image distance. A field spread evenly over the lattice has s ≈ 0.408 L ({@link #uniformSpread}); a field on one site
 * has s = 0.
 */
public final class ReceptiveFields {
    /** Refinements of the centre after the circular mean. */
    static final int CENTRE_ITERATIONS = 4;

    private ReceptiveFields() {}

    /** F = W₁·W₂⋯W_ℓ for the first {@code upTo} matrices (each {@code rows × columns}, rows of the next = columns). */
    public static double[][] product(float[][][] weights, int upTo) {
        double[][] f = toDouble(weights[0]);
        for (int l = 1; l < upTo; l++) f = multiply(f, weights[l]);
        return f;
    }

    static double[][] toDouble(float[][] w) {
        double[][] d = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            d[i] = new double[w[i].length];
            for (int j = 0; j < w[i].length; j++) d[i][j] = w[i][j];
        }
        return d;
    }

    /** a·b with a {@code n × m} (double) and b {@code m × p} (float). */
    static double[][] multiply(double[][] a, float[][] b) {
        int n = a.length, m = b.length, p = b[0].length;
        double[][] c = new double[n][p];
        for (int i = 0; i < n; i++) {
            if (a[i].length != m) throw new IllegalArgumentException("shapes " + a[i].length + " and " + m);
            double[] ci = c[i];
            for (int k = 0; k < m; k++) {
                double x = a[i][k];
                if (x == 0) continue;
                float[] bk = b[k];
                for (int j = 0; j < p; j++) ci[j] += x * bk[j];
            }
        }
        return c;
    }

    /** Column j of F as a lattice field (site i = y·L + x). */
    public static double[] column(double[][] f, int j) {
        double[] c = new double[f.length];
        for (int i = 0; i < f.length; i++) c[i] = f[i][j];
        return c;
    }

    /** The spread s of one field on the L×L periodic lattice (see the class comment); 0 for an all-zero field. */
    public static double spread(double[] field, int lattice) {
        int l = lattice;
        if (field.length != l * l) throw new IllegalArgumentException(field.length + " sites, not " + l + "²");
        double total = 0, cx = 0, sx = 0, cy = 0, sy = 0;
        double w = 2 * Math.PI / l;
        for (int y = 0; y < l; y++)
            for (int x = 0; x < l; x++) {
                double a = Math.abs(field[y * l + x]);
                total += a;
                cx += a * Math.cos(w * x);
                sx += a * Math.sin(w * x);
                cy += a * Math.cos(w * y);
                sy += a * Math.sin(w * y);
            }
        if (total == 0) return 0;
        // Centre: the circular mean per axis, then refined to the weighted mean of the minimum-image displacements
        // (the point that minimises the weighted squared distances, for a field smaller than half the lattice).
        double mx = Math.atan2(sx, cx) / w, my = Math.atan2(sy, cy) / w;
        for (int it = 0; it < CENTRE_ITERATIONS; it++) {
            double ax = 0, ay = 0;
            for (int y = 0; y < l; y++)
                for (int x = 0; x < l; x++) {
                    double a = Math.abs(field[y * l + x]);
                    if (a == 0) continue;
                    ax += a * minimumImage(x - mx, l);
                    ay += a * minimumImage(y - my, l);
                }
            mx += ax / total;
            my += ay / total;
        }
        double sum = 0;
        for (int y = 0; y < l; y++)
            for (int x = 0; x < l; x++) {
                double a = Math.abs(field[y * l + x]);
                if (a == 0) continue;
                double dx = minimumImage(x - mx, l), dy = minimumImage(y - my, l);
                sum += a * (dx * dx + dy * dy);
            }
        return Math.sqrt(sum / total);
    }

    /** d wrapped into [−L/2, L/2]. */
    static double minimumImage(double d, int l) {
        d = d - l * Math.floor(d / l); // [0, L)
        return d > l / 2.0 ? d - l : d;
    }

    /**
     * The spread of a field equal on every site, its centre on a site: per axis the minimum-image distances have
     * mean square (L² + 2)/12 for even L and (L² − 1)/12 for odd L, so s = sqrt((L² + 2)/6) or sqrt((L² − 1)/6)
     * (≈ 0.408 L). A field with no structure has about this spread.
     */
    public static double uniformSpread(int lattice) {
        double l2 = (double) lattice * lattice;
        return Math.sqrt((lattice % 2 == 0 ? l2 + 2 : l2 - 1) / 6);
    }

    /** Mean spread over the columns of F. */
    public static double meanSpread(double[][] f, int lattice) {
        int n = f[0].length;
        double s = 0;
        for (int j = 0; j < n; j++) s += spread(column(f, j), lattice);
        return s / n;
    }

    /**
     * The block size b with (L/b)² = n, or 0 when n is no such square (then a layer has no matching block spins).
     */
    public static int blockSize(int lattice, int width) {
        int side = (int) Math.round(Math.sqrt(width));
        if (side * side != width || side < 1 || lattice % side != 0) return 0;
        return lattice / side;
    }

    /**
     * Block magnetisations of size b: one row per sample, (L/b)² values in [−1, 1], block (bx, by) at
     * by·(L/b) + bx.
     */
    public static double[][] blockMagnetizations(byte[][] samples, int lattice, int b) {
        int m = lattice / b;
        double[][] out = new double[samples.length][m * m];
        double per = 1.0 / (b * b);
        for (int s = 0; s < samples.length; s++) {
            byte[] v = samples[s];
            double[] o = out[s];
            for (int y = 0; y < lattice; y++)
                for (int x = 0; x < lattice; x++) o[(y / b) * m + x / b] += (2 * v[y * lattice + x] - 1) * per;
        }
        return out;
    }

    /** Pearson correlation of two columns (0 when either is constant). */
    static double correlation(double[][] a, int ja, double[][] b, int jb) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int s = 0; s < n; s++) {
            ma += a[s][ja];
            mb += b[s][jb];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int s = 0; s < n; s++) {
            double x = a[s][ja] - ma, y = b[s][jb] - mb;
            sab += x * y;
            saa += x * x;
            sbb += y * y;
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** Per hidden unit, the largest |correlation| with any column of {@code blocks} (same rows: samples). */
    static double[] bestCorrelations(double[][] hidden, double[][] blocks) {
        int n = hidden[0].length, m = blocks[0].length;
        double[] best = new double[n];
        for (int j = 0; j < n; j++)
            for (int q = 0; q < m; q++) best[j] = Math.max(best[j], Math.abs(correlation(hidden, j, blocks, q)));
        return best;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return v.length == 0 ? Double.NaN : s / v.length;
    }
}

package cheaplab.lab.ridge;

import cheaplab.data.ImageSet;
import cheaplab.linalg.ComputeThreads;
import cheaplab.linalg.UpdatableQr;

import java.util.Arrays;

/**
 * Ridge with a fitted intercept on nested training sets: the first N images of a fixed order, for growing N.
 * One Householder QR factor of [1 | X | Y] is updated by appending rows ({@link UpdatableQr}) instead of
 * decomposing every prefix from scratch, and without forming XᵀX (which would square the condition number).
 *
 * <p>Why the trailing block is all that is needed: if [1 | X | Y] = Q R, the first column of Q is ±1/√N, so
 * rows 1.. of R, restricted to the X and Y columns, form a triangular T with TᵀT equal to the Gram matrix of
 * the centred [X_c | Y_c]. The centred design therefore has the singular values and right singular vectors of
 * T_xx (a small triangle), and Uᵀy_c = U_rᵀ T_y where T_xx = U_r S Vᵀ; the rows of T_y below T_xx carry the part
 * of y_c outside the span of X_c. U itself (N × k) is never formed.
 *
 * <p>Columns that are constant over the prefix (MNIST's border pixels) are exactly zero after centring; they
 * are left out of every decomposition, which changes no singular value. Pixels are ordered by the first row at
 * which they vary, so the pixels active at prefix N are always a leading block of the factor, and the triangle
 * to decompose is its leading a_N × a_N block. Prefixes with fewer rows than active pixels are decomposed
 * directly (a thin SVD of the centred N × a_N matrix is cheaper there).
 *
 * <p>{@link #advance} is sequential (it updates the factor); the {@link PrefixProblem} it returns is an
 * immutable snapshot that any compute thread may decompose, so several N values are decomposed in parallel.
 */
final class PrefixRidgePath {
    /** Rows appended to the factor per LAPACK call (bounds the temporary block to ~chunk × 790 doubles). */
    static final int CHUNK = 512;

    private final ImageSet train;
    private final int[] order;
    private final double[] y;
    private final int t;
    private final int p;
    private final int nMax;
    private final LambdaScaling scaling;
    private final int[] columns;
    private final int[] activeFrom;
    private final long[] pixelSums;
    private final double[] ySums;
    private int n;
    private UpdatableQr qr;
    private int qrRows;

    /**
     * @param train images (pixels scaled to [0, 1] as features)
     * @param order image indices in training order; prefix N = the first N; null means 0, 1, 2, …
     * @param y     targets by image index, row-major train.count() × t
     * @param nMax  the largest prefix that will be asked for
     * @param scaling how the λ of the fits' {@link SpectralRidge} map to penalties
     */
    PrefixRidgePath(ImageSet train, int[] order, double[] y, int t, int nMax, LambdaScaling scaling) {
        if (nMax < 1 || nMax > (order == null ? train.count() : order.length))
            throw new IllegalArgumentException("nMax " + nMax + " exceeds the " + train.count() + " training images");
        this.train = train;
        this.order = order;
        this.y = y;
        this.t = t;
        this.p = train.dim();
        this.nMax = nMax;
        this.scaling = scaling;
        int[] first = firstVariation(train, order, nMax);
        Integer[] active = new Integer[p];
        int a = 0;
        for (int j = 0; j < p; j++) if (first[j] < nMax) active[a++] = j;
        Integer[] sorted = Arrays.copyOf(active, a);
        Arrays.sort(sorted, (u, v) -> first[u] != first[v] ? Integer.compare(first[u], first[v]) : Integer.compare(u, v));
        columns = new int[a];
        activeFrom = new int[a];
        for (int c = 0; c < a; c++) {
            columns[c] = sorted[c];
            activeFrom[c] = first[sorted[c]] + 1; // active in every prefix longer than its first variation
        }
        pixelSums = new long[p];
        ySums = new double[t];
    }

    /** Image index of training row i. */
    int row(int i) {
        return order == null ? i : order[i];
    }

    /** Pixels that vary within the first nMax rows, in factor order. */
    int[] columns() {
        return columns.clone();
    }

    /** Number of pixels that vary within the first {@code n} rows (a leading block of {@link #columns()}). */
    int active(int n) {
        int lo = 0, hi = activeFrom.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (activeFrom[mid] <= n) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    /** Moves to the first {@code next} rows (not fewer than before) and snapshots what the decomposition needs. */
    PrefixProblem advance(int next) {
        if (next < n || next > nMax) throw new IllegalArgumentException("prefix " + next + " outside [" + n + ", " + nMax + "]");
        byte[] px = train.pixels();
        for (int i = n; i < next; i++) {
            int r = row(i), o = r * p;
            for (int j = 0; j < p; j++) pixelSums[j] += px[o + j] & 0xFF;
            for (int k = 0; k < t; k++) ySums[k] += y[r * t + k];
        }
        n = next;
        double[] xMean = new double[p];
        for (int j = 0; j < p; j++) xMean[j] = pixelSums[j] / (255.0 * n);
        double[] yMean = new double[t];
        for (int k = 0; k < t; k++) yMean[k] = ySums[k] / n;
        int a = active(n);
        int[] cols = Arrays.copyOf(columns, a);
        if (a == 0 || n <= a) return PrefixProblem.direct(n, p, t, cols, xMean, yMean, scaling, train, order, y);
        appendUpTo(n);
        int c = qr.cols(), yc = 1 + columns.length;
        double[] txx = qr.block(1, a, 1, a);
        double[] tyTop = qr.block(1, a, yc, t);
        double[] outside2 = new double[t];
        for (int i = 1 + a; i < c; i++)
            for (int k = 0; k < t; k++) outside2[k] += qr.r(i, yc + k) * qr.r(i, yc + k);
        return PrefixProblem.triangular(n, p, t, cols, xMean, yMean, scaling, txx, tyTop, outside2);
    }

    private void appendUpTo(int target) {
        int c = 1 + columns.length + t;
        if (qr == null) qr = new UpdatableQr(c);
        byte[] px = train.pixels();
        while (qrRows < target) {
            ComputeThreads.checkInterrupted(); // a cancelled run's task stops between 512-row updates
            int m = Math.min(CHUNK, target - qrRows);
            double[] block = new double[m * c];
            for (int i = 0; i < m; i++) {
                int r = row(qrRows + i), o = r * p, b = i * c;
                block[b] = 1.0;
                for (int col = 0; col < columns.length; col++) block[b + 1 + col] = (px[o + columns[col]] & 0xFF) / 255.0;
                for (int k = 0; k < t; k++) block[b + 1 + columns.length + k] = y[r * t + k];
            }
            qr.append(m, block);
            qrRows += m;
        }
    }

    /** For every pixel, the first row (in training order, below nMax) whose value differs from row 0; nMax if none. */
    static int[] firstVariation(ImageSet train, int[] order, int nMax) {
        int p = train.dim();
        byte[] px = train.pixels();
        int[] first = new int[p];
        Arrays.fill(first, nMax);
        int r0 = (order == null ? 0 : order[0]) * p;
        int open = p;
        for (int i = 1; i < nMax && open > 0; i++) {
            int o = (order == null ? i : order[i]) * p;
            for (int j = 0; j < p; j++) {
                if (first[j] == nMax && px[o + j] != px[r0 + j]) {
                    first[j] = i;
                    open--;
                }
            }
        }
        return first;
    }
}

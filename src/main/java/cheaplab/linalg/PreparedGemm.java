package cheaplab.linalg;

import java.util.Locale;
import java.util.Set;

/**
 * A row-major product C[m×n] = α·A·op(B) + β·C with fixed operands, prepared once and run many times.
 *
 * <p>Small-batch products (m of a few dozen rows against a 785 × 501 parameter matrix) spend most of their time
 * in OpenBLAS re-packing all of B, whatever m is. OpenBLAS's SkylakeX-class kernels (0.3.17+) include unpacked
 * "small matrix" kernels, taken when m·n·k ≤ 10⁶ (and, for A·Bᵀ, m·n ≤ about 1200). When those kernels are in use
 * — {@code OPENBLAS_CORETYPE} names a SkylakeX-class core, or {@code -Dcheaplab.blas.smallKernels=true} — a
 * product with small m is split into column blocks of B and C that each qualify: measured here on 10 × 501 × 785,
 * 134 µs whole vs 54 µs in blocks (A·B) and 137 µs vs 49 µs (A·Bᵀ). With other kernels the blocks would only add
 * calls, so the product runs whole. The choice depends on the environment only, never on a timing, so a run's
 * numbers do not depend on machine load (the blocked and whole products round differently).
 */
public final class PreparedGemm {
    /** Whether products are split for the small-matrix kernels (fixed for the process). */
    public static final boolean SMALL_KERNELS = smallKernels();
    private static final double MAX_MNK = 0.95e6;
    private static final int MAX_MN_TRANSPOSED = 1000;
    private static final int MIN_BLOCK = 32;

    private final boolean transB;
    private final int m, k, lda, ldb, ldc;
    private final NativeSlice a;
    private final NativeSlice[] bBlocks, cBlocks;
    private final int[] widths;

    /**
     * @param transB B is stored as n × k (rows of B are columns of the product) instead of k × n
     */
    public PreparedGemm(boolean transB, int m, int n, int k, NativeSlice a, int lda, NativeSlice b, int ldb, NativeSlice c, int ldc) {
        this(transB, m, n, k, a, lda, b, ldb, c, ldc, SMALL_KERNELS);
    }

    PreparedGemm(boolean transB, int m, int n, int k, NativeSlice a, int lda, NativeSlice b, int ldb, NativeSlice c,
                 int ldc, boolean smallKernels) {
        this.transB = transB;
        this.m = m;
        this.k = k;
        this.lda = lda;
        this.ldb = ldb;
        this.ldc = ldc;
        this.a = a;
        int w = blockWidth(smallKernels, transB, m, n, k);
        int blocks = (n + w - 1) / w;
        bBlocks = new NativeSlice[blocks];
        cBlocks = new NativeSlice[blocks];
        widths = new int[blocks];
        for (int i = 0; i < blocks; i++) {
            int j0 = i * w;
            widths[i] = Math.min(w, n - j0);
            bBlocks[i] = b.plus(transB ? (long) j0 * ldb : j0);
            cBlocks[i] = c.plus(j0);
        }
    }

    /** Columns per block: all n, unless the small-matrix kernels are in use and blocks of ≥ 32 columns qualify. */
    static int blockWidth(boolean smallKernels, boolean transB, int m, int n, int k) {
        if (!smallKernels) return n;
        int w = (int) Math.min(n, MAX_MNK / ((double) m * k));
        if (transB) w = Math.min(w, MAX_MN_TRANSPOSED / m);
        if (w >= n) return n;
        w -= w % 16;
        return w >= MIN_BLOCK ? w : n;
    }

    public void run(float alpha, float beta) {
        for (int i = 0; i < widths.length; i++)
            Blas.sgemm(false, transB, m, widths[i], k, alpha, a, lda, bBlocks[i], ldb, beta, cBlocks[i], ldc);
    }

    int blocks() {
        return widths.length;
    }

    private static boolean smallKernels() {
        String p = System.getProperty("cheaplab.blas.smallKernels");
        if (p != null) return Boolean.parseBoolean(p);
        String core = System.getenv("OPENBLAS_CORETYPE");
        return core != null && Set.of("SKYLAKEX", "COOPERLAKE", "SAPPHIRERAPIDS").contains(core.trim().toUpperCase(Locale.ROOT));
    }
}

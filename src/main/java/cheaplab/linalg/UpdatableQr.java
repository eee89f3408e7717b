package cheaplab.linalg;

/**
 * The upper-triangular factor {@code R} of a tall matrix that grows by appended rows: after appending the
 * rows {@code M}, {@code RᵀR = MᵀM} (in exact arithmetic; the Householder updates of {@link Lapack#appendRows}
 * are backward stable, so the computed R is the exact factor of a matrix within a few ε·‖M‖ of M). Starting
 * from {@code R = 0} is valid: {@code [0; B]} has the same Gram matrix as B.
 *
 * <p>Typical use: nested training sets (the first N rows for growing N), where one factorisation serves
 * every prefix instead of one decomposition from scratch per N. Not thread-safe.
 */
public final class UpdatableQr {
    private final int cols;
    private final double[] r;
    private long rows;

    public UpdatableQr(int cols) {
        if (cols < 1) throw new IllegalArgumentException("cols must be >= 1, was " + cols);
        this.cols = cols;
        this.r = new double[cols * cols];
    }

    public int cols() {
        return cols;
    }

    /** Rows appended so far. */
    public long rows() {
        return rows;
    }

    /** Appends {@code m} rows given row-major in {@code block} (overwritten). */
    public void append(int m, double[] block) {
        Lapack.appendRows(cols, r, m, block);
        rows += m;
    }

    /** R[i][j] (0 below the diagonal). */
    public double r(int i, int j) {
        return r[i * cols + j];
    }

    /** A copy of R, row-major {@code cols × cols}. */
    public double[] r() {
        return r.clone();
    }

    /** A copy of the block {@code R[r0..r0+nr) × [c0..c0+nc)}, row-major. */
    public double[] block(int r0, int nr, int c0, int nc) {
        double[] out = new double[nr * nc];
        for (int i = 0; i < nr; i++) System.arraycopy(r, (r0 + i) * cols + c0, out, i * nc, nc);
        return out;
    }
}

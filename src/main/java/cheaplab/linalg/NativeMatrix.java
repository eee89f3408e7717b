package cheaplab.linalg;

import org.bytedeco.javacpp.DoublePointer;

import static org.bytedeco.openblas.global.openblas.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas.CblasTrans;
import static org.bytedeco.openblas.global.openblas.cblas_dgemv;

/**
 * A row-major matrix copied once into native memory for repeated OpenBLAS matrix–vector products (an iterative
 * solver multiplies by X and Xᵀ every step; passing the Java array each time would copy it in and out per call).
 * Not thread-safe. Close it to free the native memory.
 */
public final class NativeMatrix implements AutoCloseable {
    private final int rows;
    private final int cols;
    private final DoublePointer a;
    private final DoublePointer in;
    private final DoublePointer out;

    public NativeMatrix(double[] data, int rows, int cols) {
        if (data.length != (long) rows * cols) throw new IllegalArgumentException("data is not " + rows + "×" + cols);
        this.rows = rows;
        this.cols = cols;
        this.a = new DoublePointer(Math.max(1L, (long) rows * cols));
        a.put(data, 0, data.length);
        int longest = Math.max(1, Math.max(rows, cols));
        this.in = new DoublePointer(longest);
        this.out = new DoublePointer(longest);
    }

    /** result (rows) = A v (cols). */
    public void times(double[] v, double[] result) {
        if (rows == 0) return;
        if (cols == 0) { java.util.Arrays.fill(result, 0, rows, 0.0); return; }
        in.put(v, 0, cols);
        cblas_dgemv(CblasRowMajor, CblasNoTrans, rows, cols, 1.0, a, cols, in, 1, 0.0, out, 1);
        out.get(result, 0, rows);
    }

    /** result (cols) = Aᵀ v (rows). */
    public void transposeTimes(double[] v, double[] result) {
        if (cols == 0) return;
        if (rows == 0) { java.util.Arrays.fill(result, 0, cols, 0.0); return; }
        in.put(v, 0, rows);
        cblas_dgemv(CblasRowMajor, CblasTrans, rows, cols, 1.0, a, cols, in, 1, 0.0, out, 1);
        out.get(result, 0, cols);
    }

    @Override
    public void close() {
        a.close();
        in.close();
        out.close();
    }
}

package cheaplab.lab.mlp;

import java.nio.ByteBuffer;

/** {@link DenseKernels} one float at a time: the reference for {@link VectorDenseKernels} and the fallback without it. */
final class ScalarDenseKernels implements DenseKernels {
    static float activation(int kind, float z) {
        return switch (kind) {
            case TANH -> DenseKernels.tanh(z);
            case SCALED_TANH -> SCALE_A * DenseKernels.tanh(SCALE_B * z);
            default -> Math.max(0f, z);
        };
    }

    static float derivative(int kind, float a) {
        return switch (kind) {
            case TANH -> 1f - a * a;
            case SCALED_TANH -> {
                float t = a * INV_A;
                yield SCALE_AB * (1f - t * t);
            }
            default -> a > 0f ? 1f : 0f;
        };
    }

    @Override
    public void activate(int kind, ByteBuffer z, int z0, int rows, int cols, ByteBuffer bias, int bias0) {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                int at = 4 * (z0 + r * cols + c);
                z.putFloat(at, activation(kind, z.getFloat(at) + bias.getFloat(4 * (bias0 + c))));
            }
    }

    @Override
    public void derive(int kind, ByteBuffer d, int d0, ByteBuffer a, int a0, int n) {
        for (int i = 0; i < n; i++) d.putFloat(4 * (d0 + i), d.getFloat(4 * (d0 + i)) * derivative(kind, a.getFloat(4 * (a0 + i))));
    }

    @Override
    public void columnSums(ByteBuffer d, int d0, int rows, int cols, float[] out) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) out[c] += d.getFloat(4 * (d0 + r * cols + c));
    }

    @Override
    public double sumOfSquares(ByteBuffer x, int x0, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x.getFloat(4 * (x0 + i));
            s += v * v;
        }
        return s;
    }

    @Override
    public void scale(ByteBuffer x, int x0, int n, float s) {
        for (int i = 0; i < n; i++) x.putFloat(4 * (x0 + i), s * x.getFloat(4 * (x0 + i)));
    }

    @Override
    public void nesterov(ByteBuffer g, int g0, ByteBuffer v, int v0, int n, float eta, float mu) {
        nesterov(g, g0, v, v0, 0, n, eta, mu);
    }

    /** {@link #nesterov} on elements from … to−1 (also the vector kernel's tail). */
    static void nesterov(ByteBuffer g, int g0, ByteBuffer v, int v0, int from, int to, float eta, float mu) {
        for (int i = from; i < to; i++) {
            float prev = v.getFloat(4 * (v0 + i));
            float next = mu * prev - eta * g.getFloat(4 * (g0 + i));
            v.putFloat(4 * (v0 + i), next);
            g.putFloat(4 * (g0 + i), mu * prev - (1f + mu) * next);
        }
    }

    @Override
    public void subtract(ByteBuffer w, int w0, ByteBuffer u, int u0, int n) {
        for (int i = 0; i < n; i++) w.putFloat(4 * (w0 + i), w.getFloat(4 * (w0 + i)) - u.getFloat(4 * (u0 + i)));
    }
}

package cheaplab.lab.mlp;

import java.nio.ByteBuffer;

/**
 * The element-wise work of a dense layer's forward and backward pass, on the native-order byte buffers BLAS reads
 * and writes (offsets in floats): bias + activation in place after the forward GEMM, the activation's derivative
 * times the back-propagated error after the backward GEMM, bias gradients, and the few whole-layer vector operations
 * of clipping, momentum and the layer statistics.
 *
 * <p>tanh is a rational function (the minimax [13/6] approximation Eigen uses for float tanh, |x| clamped at 7.9053):
 * within 3.3·10⁻⁷ (about 5 ulp of 1) of {@link Math#tanh} everywhere (DenseKernelsTest), with only multiplications, additions and one
 * division — no {@code Math.tanh} per element, which alone would cost more than the layer's GEMM. The derivatives
 * come from the activations a = f(z), not from z: tanh' = 1 − a², scaled tanh' = AB(1 − (a/A)²), relu' = [a &gt; 0].
 *
 * <p>{@link ScalarDenseKernels} and {@link VectorDenseKernels} do the same operations (no fused multiply-add), so they
 * give the same bits for the activations, derivatives and element-wise updates; sums (bias gradients are the same
 * bits too, norms are not) may group differently.
 */
interface DenseKernels {
    int TANH = 0, SCALED_TANH = 1, RELU = 2;

    static int kind(String activation) {
        return switch (activation) {
            case "tanh" -> TANH;
            case "scaled-tanh" -> SCALED_TANH;
            case "relu" -> RELU;
            default -> throw new IllegalArgumentException("activation " + activation);
        };
    }

    /** z[r, c] = f(z[r, c] + bias[c]) for r &lt; rows, c &lt; cols (rows of {@code cols} floats from {@code z0}). */
    void activate(int kind, ByteBuffer z, int z0, int rows, int cols, ByteBuffer bias, int bias0);

    /** d[i] = d[i] · f'(a) where a = a[i] is the activation, for i &lt; n. */
    void derive(int kind, ByteBuffer d, int d0, ByteBuffer a, int a0, int n);

    /** out[c] = Σ_r d[r, c]. */
    void columnSums(ByteBuffer d, int d0, int rows, int cols, float[] out);

    /** Σ x[i]² in double. */
    double sumOfSquares(ByteBuffer x, int x0, int n);

    /** x[i] = s · x[i]. */
    void scale(ByteBuffer x, int x0, int n, float s);

    /**
     * Nesterov momentum as DL4J's {@code Nesterovs} updater applies it: v' = μ v − η g, then the update subtracted
     * from the weights u = μ v − (1 + μ) v'. g is replaced by u, v by v'.
     */
    void nesterov(ByteBuffer g, int g0, ByteBuffer v, int v0, int n, float eta, float mu);

    /** w[i] = w[i] − u[i]. */
    void subtract(ByteBuffer w, int w0, ByteBuffer u, int u0, int n);

    // Eigen's float tanh: p(x)/q(x), odd [13/6] minimax, |x| clamped.
    float CLAMP = 7.90531110763549805f, TINY = 0.0004f;
    float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f, A5 = 1.48572235717979e-05f,
            A7 = 5.12229709037114e-08f, A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f,
            A13 = -2.76076847742355e-16f;
    float B0 = 4.89352518554385e-03f, B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f,
            B6 = 1.19825839466702e-06f;
    float SCALE_A = (float) ScaledTanh.A, SCALE_B = (float) ScaledTanh.B, SCALE_AB = (float) (ScaledTanh.A * ScaledTanh.B),
            INV_A = (float) (1 / ScaledTanh.A);

    /** The scalar tanh both kernels compute. */
    static float tanh(float x) {
        float c = Math.min(CLAMP, Math.max(-CLAMP, x));
        float x2 = c * c;
        float p = x2 * A13 + A11;
        p = x2 * p + A9;
        p = x2 * p + A7;
        p = x2 * p + A5;
        p = x2 * p + A3;
        p = x2 * p + A1;
        p = c * p;
        float q = x2 * B6 + B4;
        q = x2 * q + B2;
        q = x2 * q + B0;
        return Math.abs(x) < TINY ? x : p / q;
    }

    /** The vectorised kernels when the JVM has {@code jdk.incubator.vector}, else the scalar ones. */
    static DenseKernels fastest() {
        return cheaplab.linalg.VectorApi.available() ? new VectorDenseKernels() : new ScalarDenseKernels();
    }
}

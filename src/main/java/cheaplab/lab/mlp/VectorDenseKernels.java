package cheaplab.lab.mlp;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * {@link DenseKernels} with the Java Vector API, eight floats per operation (the same multiplications, additions and
 * division as {@link ScalarDenseKernels}, lane by lane; the tails of rows go through the scalar code). Each loop is
 * short so that C2 inlines and intrinsifies every vector call in it. Only loaded when {@code jdk.incubator.vector} is
 * present ({@link DenseKernels#fastest()}).
 */
final class VectorDenseKernels implements DenseKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final int L = 8;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final FloatVector ZERO = FloatVector.zero(F), ONE = FloatVector.broadcast(F, 1f),
            HI = FloatVector.broadcast(F, CLAMP), LO = FloatVector.broadcast(F, -CLAMP),
            VA1 = FloatVector.broadcast(F, A1), VA3 = FloatVector.broadcast(F, A3), VA5 = FloatVector.broadcast(F, A5),
            VA7 = FloatVector.broadcast(F, A7), VA9 = FloatVector.broadcast(F, A9), VA11 = FloatVector.broadcast(F, A11),
            VA13 = FloatVector.broadcast(F, A13), VB0 = FloatVector.broadcast(F, B0), VB2 = FloatVector.broadcast(F, B2),
            VB4 = FloatVector.broadcast(F, B4), VB6 = FloatVector.broadcast(F, B6),
            VTINY = FloatVector.broadcast(F, TINY), VSA = FloatVector.broadcast(F, SCALE_A),
            VSB = FloatVector.broadcast(F, SCALE_B), VSAB = FloatVector.broadcast(F, SCALE_AB),
            VINVA = FloatVector.broadcast(F, INV_A);

    static {
        if (F.length() != L) throw new AssertionError("256-bit species must have " + L + " float lanes");
    }

    static FloatVector tanh(FloatVector x) {
        FloatVector c = x.max(LO).min(HI);
        FloatVector x2 = c.mul(c);
        FloatVector p = x2.mul(VA13).add(VA11);
        p = x2.mul(p).add(VA9);
        p = x2.mul(p).add(VA7);
        p = x2.mul(p).add(VA5);
        p = x2.mul(p).add(VA3);
        p = x2.mul(p).add(VA1);
        p = c.mul(p);
        FloatVector q = x2.mul(VB6).add(VB4);
        q = x2.mul(q).add(VB2);
        q = x2.mul(q).add(VB0);
        return p.div(q).blend(x, x.abs().lt(VTINY));
    }

    private static FloatVector load(ByteBuffer b, int element) {
        return FloatVector.fromByteBuffer(F, b, 4 * element, ORDER);
    }

    private static void store(FloatVector v, ByteBuffer b, int element) {
        v.intoByteBuffer(b, 4 * element, ORDER);
    }

    @Override
    public void activate(int kind, ByteBuffer z, int z0, int rows, int cols, ByteBuffer bias, int bias0) {
        int main = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int row = z0 + r * cols;
            switch (kind) {
                case TANH -> tanhRow(z, row, bias, bias0, main);
                case SCALED_TANH -> scaledTanhRow(z, row, bias, bias0, main);
                default -> reluRow(z, row, bias, bias0, main);
            }
            for (int c = main; c < cols; c++)
                z.putFloat(4 * (row + c), ScalarDenseKernels.activation(kind, z.getFloat(4 * (row + c)) + bias.getFloat(4 * (bias0 + c))));
        }
    }

    private static void tanhRow(ByteBuffer z, int row, ByteBuffer bias, int bias0, int main) {
        for (int c = 0; c < main; c += L) store(tanh(load(z, row + c).add(load(bias, bias0 + c))), z, row + c);
    }

    private static void scaledTanhRow(ByteBuffer z, int row, ByteBuffer bias, int bias0, int main) {
        for (int c = 0; c < main; c += L)
            store(tanh(VSB.mul(load(z, row + c).add(load(bias, bias0 + c)))).mul(VSA), z, row + c);
    }

    private static void reluRow(ByteBuffer z, int row, ByteBuffer bias, int bias0, int main) {
        for (int c = 0; c < main; c += L) store(load(z, row + c).add(load(bias, bias0 + c)).max(ZERO), z, row + c);
    }

    @Override
    public void derive(int kind, ByteBuffer d, int d0, ByteBuffer a, int a0, int n) {
        int main = n - n % L;
        switch (kind) {
            case TANH -> {
                for (int i = 0; i < main; i += L) {
                    FloatVector v = load(a, a0 + i);
                    store(load(d, d0 + i).mul(ONE.sub(v.mul(v))), d, d0 + i);
                }
            }
            case SCALED_TANH -> {
                for (int i = 0; i < main; i += L) {
                    FloatVector t = load(a, a0 + i).mul(VINVA);
                    store(load(d, d0 + i).mul(VSAB.mul(ONE.sub(t.mul(t)))), d, d0 + i);
                }
            }
            default -> {
                for (int i = 0; i < main; i += L) {
                    FloatVector v = load(a, a0 + i);
                    store(load(d, d0 + i).mul(ZERO.blend(ONE, v.compare(VectorOperators.GT, ZERO))), d, d0 + i);
                }
            }
        }
        for (int i = main; i < n; i++)
            d.putFloat(4 * (d0 + i), d.getFloat(4 * (d0 + i)) * ScalarDenseKernels.derivative(kind, a.getFloat(4 * (a0 + i))));
    }

    @Override
    public void columnSums(ByteBuffer d, int d0, int rows, int cols, float[] out) {
        java.util.Arrays.fill(out, 0, cols, 0f);
        int main = cols - cols % L;
        for (int r = 0; r < rows; r++) {
            int row = d0 + r * cols;
            for (int c = 0; c < main; c += L) FloatVector.fromArray(F, out, c).add(load(d, row + c)).intoArray(out, c);
            for (int c = main; c < cols; c++) out[c] += d.getFloat(4 * (row + c));
        }
    }

    @Override
    public double sumOfSquares(ByteBuffer x, int x0, int n) {
        double s = 0;
        int chunk = 4096;
        for (int from = 0; from < n; from += chunk) {
            int to = Math.min(n, from + chunk), main = from + (to - from) / L * L;
            FloatVector acc = ZERO;
            for (int i = from; i < main; i += L) {
                FloatVector v = load(x, x0 + i);
                acc = acc.add(v.mul(v));
            }
            s += acc.reduceLanes(VectorOperators.ADD);
            for (int i = main; i < to; i++) {
                double v = x.getFloat(4 * (x0 + i));
                s += v * v;
            }
        }
        // Float lanes overflow for elements beyond ~1.8e19 (a finite gradient on its way to diverging): then the
        // double sum of the scalar kernel, so clipping still sees the true norm.
        return Double.isFinite(s) ? s : new ScalarDenseKernels().sumOfSquares(x, x0, n);
    }

    @Override
    public void scale(ByteBuffer x, int x0, int n, float s) {
        int main = n - n % L;
        FloatVector vs = FloatVector.broadcast(F, s);
        for (int i = 0; i < main; i += L) store(load(x, x0 + i).mul(vs), x, x0 + i);
        for (int i = main; i < n; i++) x.putFloat(4 * (x0 + i), s * x.getFloat(4 * (x0 + i)));
    }

    @Override
    public void nesterov(ByteBuffer g, int g0, ByteBuffer v, int v0, int n, float eta, float mu) {
        int main = n - n % L;
        FloatVector vm = FloatVector.broadcast(F, mu), ve = FloatVector.broadcast(F, eta), vm1 = FloatVector.broadcast(F, 1f + mu);
        for (int i = 0; i < main; i += L) {
            FloatVector prev = load(v, v0 + i);
            FloatVector next = vm.mul(prev).sub(ve.mul(load(g, g0 + i)));
            store(next, v, v0 + i);
            store(vm.mul(prev).sub(vm1.mul(next)), g, g0 + i);
        }
        ScalarDenseKernels.nesterov(g, g0, v, v0, main, n, eta, mu);
    }

    @Override
    public void subtract(ByteBuffer w, int w0, ByteBuffer u, int u0, int n) {
        int main = n - n % L;
        for (int i = 0; i < main; i += L) store(load(w, w0 + i).sub(load(u, u0 + i)), w, w0 + i);
        for (int i = main; i < n; i++) w.putFloat(4 * (w0 + i), w.getFloat(4 * (w0 + i)) - u.getFloat(4 * (u0 + i)));
    }
}

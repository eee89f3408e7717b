package cheaplab.lab.mlp;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenseKernelsTest {
    @Test
    void tanhIsWithinAFewUlpOfMathTanh() {
        double worst = 0;
        for (double x = -12; x <= 12; x += 1e-4) {
            float f = (float) x;
            worst = Math.max(worst, Math.abs(DenseKernels.tanh(f) - Math.tanh(f)));
        }
        for (float f : new float[]{0f, 1e-30f, -1e-30f, 3e-4f, 4e-4f, Float.MIN_VALUE, 50f, -50f, Float.MAX_VALUE})
            worst = Math.max(worst, Math.abs(DenseKernels.tanh(f) - Math.tanh(f)));
        assertTrue(worst < 4e-7, "max |error| " + worst); // measured 3.25·10⁻⁷: about 5 ulp of 1
        assertTrue(Math.abs(DenseKernels.tanh(100f)) <= 1f && DenseKernels.tanh(-100f) >= -1f);
    }

    @Test
    void vectorAndScalarKernelsGiveTheSameActivationsAndDerivatives() {
        DenseKernels v = DenseKernels.fastest(), s = new ScalarDenseKernels();
        assertTrue(v instanceof VectorDenseKernels, "the tests run with jdk.incubator.vector");
        int rows = 5, cols = 37;
        SplittableRandom r = new SplittableRandom(1);
        for (int kind : new int[]{DenseKernels.TANH, DenseKernels.SCALED_TANH, DenseKernels.RELU}) {
            ByteBuffer z1 = buffer(rows * cols, r, 4), bias = buffer(cols, r, 1), z2 = copy(z1);
            v.activate(kind, z1, 0, rows, cols, bias, 0);
            s.activate(kind, z2, 0, rows, cols, bias, 0);
            assertEquals(z2, z1, "activation " + kind);
            ByteBuffer d1 = buffer(rows * cols, r, 1), d2 = copy(d1);
            v.derive(kind, d1, 0, z1, 0, rows * cols);
            s.derive(kind, d2, 0, z1, 0, rows * cols);
            assertEquals(d2, d1, "derivative " + kind);
        }
        // The derivative from the activation is f'(z).
        ByteBuffer z = ByteBuffer.allocateDirect(4 * 3).order(ByteOrder.nativeOrder()), zero = ByteBuffer.allocateDirect(4 * 3).order(ByteOrder.nativeOrder());
        float[] at = {-0.7f, 0.2f, 1.3f};
        for (int i = 0; i < 3; i++) z.putFloat(4 * i, at[i]);
        ByteBuffer d = copy(z);
        for (int i = 0; i < 3; i++) d.putFloat(4 * i, 1f);
        s.activate(DenseKernels.SCALED_TANH, z, 0, 1, 3, zero, 0);
        s.derive(DenseKernels.SCALED_TANH, d, 0, z, 0, 3);
        for (int i = 0; i < 3; i++) {
            double t = Math.tanh(ScaledTanh.B * at[i]);
            assertEquals(ScaledTanh.A * ScaledTanh.B * (1 - t * t), d.getFloat(4 * i), 1e-5);
        }
    }

    private static ByteBuffer buffer(int n, SplittableRandom r, double scale) {
        ByteBuffer b = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
        for (int i = 0; i < n; i++) b.putFloat(4 * i, (float) (scale * r.nextGaussian()));
        return b;
    }

    private static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocateDirect(b.capacity()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < b.capacity(); i++) c.put(i, b.get(i));
        return c;
    }
}

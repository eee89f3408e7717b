package cheaplab.lab.rbm;

import cheaplab.linalg.VectorCounterHash;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static cheaplab.lab.rbm.ScalarLogisticSampling.INV_FACTORIAL;

/**
 * {@link LogisticSampling} with the Java Vector API ({@code jdk.incubator.vector}), eight floats per operation —
 * the same operations as {@link ScalarLogisticSampling} lane by lane, so the same bits. Each row goes through
 * three short loops (probabilities, sample, factors) over a scratch row in L1: kept small, every Vector API call
 * in them is inlined and intrinsified by C2 (one large fused loop exceeds C2's inlining budget and falls back to
 * boxed vectors, several times slower). Only loaded when the module is present ({@link LogisticSampling#fastest()}).
 */
final class VectorLogisticSampling implements LogisticSampling {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_256;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final FloatVector ONE = FloatVector.broadcast(F, 1f), ZERO = FloatVector.zero(F),
            LOG2E = FloatVector.broadcast(F, ScalarLogisticSampling.LOG2E),
            ROUNDER = FloatVector.broadcast(F, ScalarLogisticSampling.ROUNDER),
            MINUS_LN2_HI = FloatVector.broadcast(F, -ScalarLogisticSampling.LN2_HI),
            MINUS_LN2_LO = FloatVector.broadcast(F, -ScalarLogisticSampling.LN2_LO),
            LOWEST = FloatVector.broadcast(F, ScalarLogisticSampling.LOWEST),
            P0 = FloatVector.broadcast(F, ScalarLogisticSampling.P0), P1 = FloatVector.broadcast(F, ScalarLogisticSampling.P1),
            P2 = FloatVector.broadcast(F, ScalarLogisticSampling.P2), P3 = FloatVector.broadcast(F, ScalarLogisticSampling.P3),
            P4 = FloatVector.broadcast(F, ScalarLogisticSampling.P4), P5 = FloatVector.broadcast(F, ScalarLogisticSampling.P5),
            C2 = FloatVector.broadcast(F, INV_FACTORIAL[2]), C3 = FloatVector.broadcast(F, INV_FACTORIAL[3]),
            C4 = FloatVector.broadcast(F, INV_FACTORIAL[4]), C5 = FloatVector.broadcast(F, INV_FACTORIAL[5]),
            C6 = FloatVector.broadcast(F, INV_FACTORIAL[6]), C7 = FloatVector.broadcast(F, INV_FACTORIAL[7]),
            C8 = FloatVector.broadcast(F, INV_FACTORIAL[8]), C9 = FloatVector.broadcast(F, INV_FACTORIAL[9]),
            C10 = FloatVector.broadcast(F, INV_FACTORIAL[10]);
    private static final IntVector IOTA = IntVector.zero(IntVector.SPECIES_256).addIndex(1);

    static {
        if (F.length() != LANES) throw new AssertionError("256-bit species must have " + LANES + " float lanes");
    }

    private float[] t = new float[0];
    private final float[] acc = new float[LANES];

    static FloatVector expNonPositive(FloatVector y) {
        y = y.max(LOWEST);
        FloatVector kf = y.fma(LOG2E, ROUNDER);
        IntVector k = kf.reinterpretAsInts().sub(ScalarLogisticSampling.ROUNDER_BITS);
        kf = kf.sub(ROUNDER);
        FloatVector r = kf.fma(MINUS_LN2_HI, y);
        r = kf.fma(MINUS_LN2_LO, r);
        FloatVector p = P0.fma(r, P1).fma(r, P2).fma(r, P3).fma(r, P4).fma(r, P5);
        FloatVector e = p.fma(r.mul(r), r).add(ONE);
        return e.reinterpretAsInts().add(k.lanewise(VectorOperators.LSHL, 23)).reinterpretAsFloats();
    }

    static FloatVector sigmoid(FloatVector s) {
        FloatVector e = expNonPositive(s.abs().neg());
        FloatVector q = ONE.div(e.add(ONE));
        return q.blend(e.mul(q), s.lt(ZERO));
    }

    static FloatVector expm1Small(FloatVector x) {
        return C10.fma(x, C9).fma(x, C8).fma(x, C7).fma(x, C6).fma(x, C5).fma(x, C4).fma(x, C3).fma(x, C2)
                .fma(x, ONE).mul(x);
    }

    /** Uniform numbers of elements c … c+7 ({@link CounterRandom#uniform}). */
    static FloatVector uniform(int c, int k0, int k1) {
        IntVector h = VectorCounterHash.bits(IOTA.add(c), k0, k1);
        return h.lanewise(VectorOperators.LSHR, 9).lanewise(VectorOperators.OR, 0x3f800000).reinterpretAsFloats().sub(ONE);
    }

    /** t[j] = σ(z[j] + bias[j]) for j &lt; end (a multiple of 8). */
    private static void probabilities(ByteBuffer z, int zByte, float[] bias, float[] t, int end) {
        if (bias == null) {
            for (int j = 0; j < end; j += LANES)
                sigmoid(FloatVector.fromByteBuffer(F, z, zByte + 4 * j, ORDER)).intoArray(t, j);
        } else {
            for (int j = 0; j < end; j += LANES)
                sigmoid(FloatVector.fromByteBuffer(F, z, zByte + 4 * j, ORDER).add(FloatVector.fromArray(F, bias, j)))
                        .intoArray(t, j);
        }
    }

    /** out[j] = [u(counter + j) &lt; t[j]] for j &lt; end. */
    private static void bernoulli(float[] t, int end, int counter, int k0, int k1, ByteBuffer out, int outByte) {
        for (int j = 0; j < end; j += LANES)
            ZERO.blend(ONE, uniform(counter + j, k0, k1).lt(FloatVector.fromArray(F, t, j)))
                    .intoByteBuffer(out, outByte + 4 * j, ORDER);
    }

    /** The lane-wise product of the factors of elements from … to−1 (multiples of 8). */
    private static FloatVector factors(ByteBuffer z, int zByte, float[] bias, float[] t, int from, int to, FloatVector minusRatio) {
        FloatVector acc = ONE;
        for (int j = from; j < to; j += LANES) {
            FloatVector s = FloatVector.fromByteBuffer(F, z, zByte + 4 * j, ORDER);
            if (bias != null) s = s.add(FloatVector.fromArray(F, bias, j));
            acc = acc.mul(FloatVector.fromArray(F, t, j).fma(expm1Small(s.mul(minusRatio)), ONE));
        }
        return acc;
    }

    @Override
    public void sample(ByteBuffer z, int ldz, float[] bias, ByteBuffer out, int ldo, int m, int n, long keys,
                       float ratio, double[] logFactor) {
        ScalarLogisticSampling.requireNativeOrder(z, out);
        if (t.length < n) t = new float[n];
        int k0 = CounterRandom.k0(keys), k1 = CounterRandom.k1(keys);
        int mainEnd = n - n % LANES;
        FloatVector minusRatio = FloatVector.broadcast(F, -ratio);
        for (int r = 0; r < m; r++) {
            int zRow = r * ldz, outRow = r * ldo, counter = r * n;
            probabilities(z, 4 * zRow, bias, t, mainEnd);
            for (int j = mainEnd; j < n; j++) {
                float s = z.getFloat(4 * (zRow + j));
                if (bias != null) s += bias[j];
                t[j] = ScalarLogisticSampling.sigmoid(s);
            }
            bernoulli(t, mainEnd, counter, k0, k1, out, 4 * outRow);
            for (int j = mainEnd; j < n; j++)
                out.putFloat(4 * (outRow + j), CounterRandom.uniform(counter + j, k0, k1) < t[j] ? 1f : 0f);
            if (logFactor == null) continue;
            double rowLog = 0;
            int from = 0;
            do {
                int to = Math.min(from + CHUNK, mainEnd);
                factors(z, 4 * zRow, bias, t, from, to, minusRatio).intoArray(acc, 0);
                if (to == mainEnd) {
                    for (int j = mainEnd; j < n; j++) {
                        float s = z.getFloat(4 * (zRow + j));
                        if (bias != null) s += bias[j];
                        acc[j % LANES] *= ScalarLogisticSampling.factor(t[j], s, ratio);
                    }
                }
                rowLog += ScalarLogisticSampling.fold(acc);
                from = to;
            } while (from < mainEnd);
            logFactor[r] = rowLog;
        }
    }
}

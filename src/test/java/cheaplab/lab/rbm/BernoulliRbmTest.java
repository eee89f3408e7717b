package cheaplab.lab.rbm;

import cheaplab.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Free energy, energy and conditionals against brute-force sums over the states of a 6 × 4 RBM. */
class BernoulliRbmTest {
    static final int NV = 6, NH = 4;

    private static double[][] allVisible() {
        double[][] v = new double[1 << NV][];
        for (int s = 0; s < v.length; s++) v[s] = Enumeration.bits(s, NV);
        return v;
    }

    @Test
    void freeEnergyIsMinusLogSumOverHiddenStates() {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 1);
        Enumeration e = Enumeration.of(rbm);
        double[][] v = allVisible();
        double[] f = new FreeEnergy(NV, NH).of(rbm, VisibleRows.of(v));
        for (int s = 0; s < v.length; s++) assertEquals(e.freeEnergy(v[s]), f[s], 2e-5, "F(v) for state " + s);
    }

    @Test
    void freeEnergyStaysExactForHugeActivations() {
        // Activations far beyond float exp's overflow (≈ 88): the naive softplus would give ∞.
        BernoulliRbm rbm = Enumeration.random(NV, NH, 60.0, 2);
        Enumeration e = Enumeration.of(rbm);
        double[][] v = allVisible();
        double[] f = new FreeEnergy(NV, NH).of(rbm, VisibleRows.of(v));
        for (int s = 0; s < v.length; s++) {
            double want = e.freeEnergy(v[s]);
            assertTrue(Double.isFinite(f[s]));
            assertEquals(want, f[s], 1e-6 * Math.max(1, Math.abs(want)), "F(v) for state " + s);
        }
    }

    @Test
    void softplusIsStableAndAccurate() {
        double[] xs = {-1000, -100, -30, -1, -1e-8, 0, 1e-8, 1, 19.9, 20, 20.1, 36, 38, 100, 1e6};
        INDArray f = Nd4j.createFromArray(xs).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        INDArray d = Nd4j.createFromArray(xs);
        Softplus.inPlace(f, f.dup());
        Softplus.inPlace(d, d.dup());
        for (int i = 0; i < xs.length; i++) {
            double want = xs[i] > 0 ? xs[i] + Math.log1p(Math.exp(-xs[i])) : Math.log1p(Math.exp(xs[i]));
            assertEquals(want, Softplus.of(xs[i]), 1e-15 * Math.max(1, Math.abs(want)));
            assertEquals(want, d.getDouble(i), 1e-15 * Math.max(1, Math.abs(want)) + 1e-300, "double at " + xs[i]);
            assertEquals(want, f.getDouble(i), 1e-7 * Math.max(1, Math.abs(want)), "float at " + xs[i]);
        }
    }

    @Test
    void energyIsTheDefinition() {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 3);
        Enumeration e = Enumeration.of(rbm);
        for (int s = 0; s < (1 << (NV + NH)); s += 37) {
            double[] v = Enumeration.bits(s, NV), h = Enumeration.bits(s >>> NV, NH);
            assertEquals(e.energy(v, h), rbm.energy(v, h), 1e-9);
        }
    }

    @Test
    void hiddenConditionalIsTheRatioOfJointSums() {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 4);
        Enumeration e = Enumeration.of(rbm);
        double[][] v = allVisible();
        INDArray q = rbm.hiddenProbabilities(Nd4j.createFromArray(v));
        for (int s = 0; s < v.length; s++) {
            for (int j = 0; j < NH; j++) {
                double on = 0, all = 0;
                for (int t = 0; t < (1 << NH); t++) {
                    double[] h = Enumeration.bits(t, NH);
                    double p = Math.exp(-e.energy(v[s], h));
                    all += p;
                    if (h[j] == 1) on += p;
                }
                assertEquals(on / all, q.getDouble(s, j), 2e-6, "p(h" + j + " = 1 | v = " + s + ")");
            }
        }
    }

    @Test
    void visibleConditionalIsTheRatioOfJointSums() {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 5);
        Enumeration e = Enumeration.of(rbm);
        double[][] h = new double[1 << NH][];
        for (int t = 0; t < h.length; t++) h[t] = Enumeration.bits(t, NH);
        INDArray p = rbm.visibleProbabilities(Nd4j.createFromArray(h));
        for (int t = 0; t < h.length; t++) {
            for (int i = 0; i < NV; i++) {
                double on = 0, all = 0;
                for (int s = 0; s < (1 << NV); s++) {
                    double[] v = Enumeration.bits(s, NV);
                    double x = Math.exp(-e.energy(v, h[t]));
                    all += x;
                    if (v[i] == 1) on += x;
                }
                assertEquals(on / all, p.getDouble(t, i), 2e-6, "p(v" + i + " = 1 | h = " + t + ")");
            }
        }
    }

    @Test
    void weightsRoundTripThroughJsonWithTheIssuesKeys() throws Exception {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 6);
        RbmWeights w = rbm.toWeights();
        JsonNode json = Json.tree(w);
        assertEquals(NV, json.get("W").size());
        assertEquals(NH, json.get("W").get(0).size());
        assertEquals(NV, json.get("b").size());
        assertEquals(NH, json.get("c").size());
        RbmWeights back = Json.MAPPER.treeToValue(json, RbmWeights.class);
        BernoulliRbm again = BernoulliRbm.of(back);
        for (int i = 0; i < NV; i++) assertArrayEquals(w.W()[i], again.toWeights().W()[i]);
        assertArrayEquals(w.b(), again.toWeights().b());
        assertArrayEquals(w.c(), again.toWeights().c());
    }

    @Test
    void initialisationFollowsHinton() {
        double[] means = {0.0, 0.25, 0.5, 1.0};
        BernoulliRbm rbm = BernoulliRbm.initial(2000, means, new SplittableRandom(7));
        RbmWeights w = rbm.toWeights();
        assertEquals(Math.log(1e-3 / (1 - 1e-3)), w.b()[0], 1e-5);
        assertEquals(Math.log(0.25 / 0.75), w.b()[1], 1e-6);
        assertEquals(0.0, w.b()[2], 1e-7);
        assertEquals(-w.b()[0], w.b()[3], 1e-5);
        double s = 0, s2 = 0;
        for (float[] row : w.W()) for (float x : row) {
            s += x;
            s2 += x * x;
        }
        int n = 4 * 2000;
        assertEquals(0.0, s / n, 0.0005);
        assertEquals(0.01, Math.sqrt(s2 / n), 0.0005);
        for (float c : w.c()) assertEquals(0f, c);
    }

    @Test
    void nonFiniteParametersAreDetected() {
        BernoulliRbm rbm = Enumeration.random(NV, NH, 1.0, 8);
        assertTrue(rbm.isFinite());
        rbm.theta().putScalar(2, 1, Float.NaN);
        assertFalse(rbm.isFinite());
        rbm.theta().putScalar(2, 1, Float.POSITIVE_INFINITY);
        assertFalse(rbm.isFinite());
    }
}

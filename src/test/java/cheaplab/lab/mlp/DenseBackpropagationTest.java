package cheaplab.lab.mlp;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lab's fused updates against DL4J's own {@code fit()}: the same network (same seed, so the same DL4J
 * initialisation), the same batches — after several updates the parameters and every update's loss agree to float
 * rounding, for each activation, with Nesterov momentum and with per-layer clipping (set low enough to bite). Widths
 * that are not multiples of the vector width and a batch that is not either exercise the kernels' tails.
 */
class DenseBackpropagationTest {
    private static final int STEPS = 6, BATCH = 7;

    private static MlpConfig config(String activation, String init, double momentum, double clip) {
        return new MlpConfig("mnist", List.of(21, 13), activation, init, BATCH, 0.05, 1, 0, momentum, clip, 1, 100, 10, 10,
                false, 5, 20, 0, 0, "unit", 0, 1);
    }

    @Test
    void tanhSgdIsFit() {
        agreesWithFit(config("tanh", "xavier", 0, 0), DenseKernels.fastest());
    }

    @Test
    void scaledTanhSgdIsFit() {
        agreesWithFit(config("scaled-tanh", "uniform", 0, 0), DenseKernels.fastest());
    }

    @Test
    void reluSgdIsFit() {
        agreesWithFit(config("relu", "he", 0, 0), DenseKernels.fastest());
    }

    @Test
    void nesterovMomentumIsFit() {
        agreesWithFit(config("tanh", "xavier", 0.9, 0), DenseKernels.fastest());
    }

    @Test
    void perLayerClippingIsFit() {
        MlpConfig c = config("scaled-tanh", "xavier", 0, 0.01);
        // The threshold bites: the unclipped mean-loss gradient of some layer is larger.
        MultiLayerNetwork net = MlpNetwork.build(c, 4, DataType.FLOAT);
        float[][] batch = batch(new SplittableRandom(99));
        LayerStatistics s = new LayerStatistics(3);
        new DenseBackpropagation(net, config("scaled-tanh", "xavier", 0, 0), BATCH).update(batch[0], batch[1], BATCH, 0.05, s);
        assertTrue(java.util.Arrays.stream(s.gradientNorm).max().orElseThrow() > 0.01, "clipping must bite: " + java.util.Arrays.toString(s.gradientNorm));
        agreesWithFit(c, DenseKernels.fastest());
    }

    @Test
    void theScalarKernelsAreFitToo() {
        agreesWithFit(config("scaled-tanh", "uniform", 0.5, 0), new ScalarDenseKernels());
    }

    @Test
    void sampledUpdatesChangeNothingButReportTheLayers() {
        MlpConfig c = config("tanh", "xavier", 0, 0);
        MultiLayerNetwork a = MlpNetwork.build(c, 4, DataType.FLOAT), b = MlpNetwork.build(c, 4, DataType.FLOAT);
        DenseBackpropagation ta = new DenseBackpropagation(a, c, BATCH), tb = new DenseBackpropagation(b, c, BATCH);
        SplittableRandom r = new SplittableRandom(3);
        LayerStatistics s = new LayerStatistics(3);
        for (int k = 0; k < STEPS; k++) {
            float[][] xy = batch(r);
            INDArray w0 = a.getLayer(1).getParam("W").dup();
            double la = ta.update(xy[0], xy[1], BATCH, 0.05, null), lb = tb.update(xy[0], xy[1], BATCH, 0.05, s);
            assertEquals(la, lb, 1e-6);
            // The reported ratio is ‖ΔW‖ / ‖W‖ of the step just made (layer 2, 0-based 1).
            double ratio = w0.sub(a.getLayer(1).getParam("W")).norm2Number().doubleValue() / a.getLayer(1).getParam("W").norm2Number().doubleValue();
            assertEquals(ratio, s.updateRatio[1], 1e-3 * ratio);
            for (int l = 0; l < 3; l++) assertTrue(s.gradientNorm[l] > 0 && Double.isFinite(s.gradientNorm[l]));
        }
        assertEquals(0.0, a.params().sub(b.params()).norm2Number().doubleValue(), 1e-5 * a.params().norm2Number().doubleValue());
    }

    /** A net sure of wrong answers: DL4J scores the clipped softmax (≤ −ln 10⁻¹⁰ a digit), and so does the engine. */
    @Test
    void confidentMistakesScoreAsDl4jScoresThem() {
        MlpConfig c = config("tanh", "xavier", 0, 0);
        MultiLayerNetwork dl4j = MlpNetwork.build(c, 4, DataType.FLOAT), ours = MlpNetwork.build(c, 4, DataType.FLOAT);
        dl4j.params().muli(60);
        ours.params().muli(60);
        float[][] xy = batch(new SplittableRandom(5));
        DenseBackpropagation trainer = new DenseBackpropagation(ours, c, BATCH);
        dl4j.setLearningRate(1e-9);
        dl4j.fit(Nd4j.create(xy[0], new long[]{BATCH, 784}, 'c'), Nd4j.create(xy[1], new long[]{BATCH, 10}, 'c'));
        double loss = trainer.update(xy[0], xy[1], BATCH, 1e-9, null);
        assertTrue(loss > 5 && loss <= -Math.log(DenseBackpropagation.SOFTMAX_CLIP) + 1e-9, "confident and clipped: " + loss);
        assertEquals(dl4j.score(), loss, 1e-4 * loss);
        trainer.close();
        assertThrows(IllegalStateException.class, () -> trainer.update(xy[0], xy[1], BATCH, 0.1, null), "closed: buffers released");
    }

    private static float[][] batch(SplittableRandom r) {
        float[] x = new float[BATCH * 784], y = new float[BATCH * 10];
        for (int i = 0; i < x.length; i++) x[i] = r.nextDouble() < 0.8 ? 0f : (float) r.nextDouble();
        for (int i = 0; i < BATCH; i++) y[i * 10 + r.nextInt(10)] = 1f;
        return new float[][]{x, y};
    }

    private static void agreesWithFit(MlpConfig c, DenseKernels kernels) {
        MultiLayerNetwork dl4j = MlpNetwork.build(c, 4, DataType.FLOAT), ours = MlpNetwork.build(c, 4, DataType.FLOAT);
        assertEquals(0.0, dl4j.params().sub(ours.params()).norm2Number().doubleValue(), 0.0, "the same initialisation");
        DenseBackpropagation trainer = new DenseBackpropagation(ours, c, BATCH, kernels);
        SplittableRandom r = new SplittableRandom(17);
        INDArray start = dl4j.params().dup();
        for (int k = 0; k < STEPS; k++) {
            float[][] xy = batch(r);
            dl4j.fit(Nd4j.create(xy[0], new long[]{BATCH, 784}, 'c'), Nd4j.create(xy[1], new long[]{BATCH, 10}, 'c'));
            double loss = trainer.update(xy[0], xy[1], BATCH, c.learningRate(), null);
            assertEquals(dl4j.score(), loss, 1e-5 * Math.abs(loss), "loss of update " + (k + 1));
        }
        double moved = dl4j.params().sub(start).norm2Number().doubleValue();
        double diff = dl4j.params().sub(ours.params()).norm2Number().doubleValue();
        assertTrue(moved > 0, "training moved the parameters");
        // Float rounding (the tanh approximation, sums in another order) against a step that the test can tell apart.
        assertTrue(diff < 1e-3 * moved, c.activation() + " momentum " + c.momentum() + " clip " + c.clipNorm()
                + ": parameters differ from fit() by " + diff + " after moving " + moved);
    }
}

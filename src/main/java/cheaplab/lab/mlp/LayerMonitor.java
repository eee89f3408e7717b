package cheaplab.lab.mlp;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-layer statistics of sampled updates, as a DL4J training listener: on a sampled update, the L2 norm of each
 * layer's weight gradient ∂L/∂W of the batch's mean loss (before clipping and the learning rate) when DL4J has
 * computed it, and after the update ‖ΔW‖ / ‖W‖, the update-to-weight ratio (the change of W it made, from a
 * copy taken before). Averaged per epoch over the sampled updates (every {@code every}-th): the layers × epochs heat
 * maps of vanishing or exploding gradients. Which updates are sampled depends only on their count, not on time.
 */
final class LayerMonitor extends BaseTrainingListener {
    private final int layers;
    private final long every;
    private final double[] gradSum, ratioSum;
    private final INDArray[] before;
    private int samples;
    private long update;
    private boolean sampling;

    LayerMonitor(int layers, long every) {
        this.layers = layers;
        this.every = Math.max(1, every);
        this.gradSum = new double[layers];
        this.ratioSum = new double[layers];
        this.before = new INDArray[layers];
    }

    @Override
    public void onGradientCalculation(Model model) {
        sampling = update % every == 0;
        if (!sampling) return;
        MultiLayerNetwork net = (MultiLayerNetwork) model;
        Gradient g = net.gradient();
        for (int l = 0; l < layers; l++) {
            INDArray gw = g.getGradientFor(l + "_W");
            // DL4J's gradient here is the batch's sum; its updater divides by the batch size afterwards.
            gradSum[l] += gw == null ? Double.NaN : gw.norm2Number().doubleValue() / net.batchSize();
            INDArray w = net.getLayer(l).getParam("W");
            if (before[l] == null) before[l] = w.dup();
            else before[l].assign(w);
        }
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        if (sampling) {
            MultiLayerNetwork net = (MultiLayerNetwork) model;
            for (int l = 0; l < layers; l++) {
                INDArray w = net.getLayer(l).getParam("W");
                double wn = w.norm2Number().doubleValue();
                double dn = before[l].subi(w).norm2Number().doubleValue();
                ratioSum[l] += wn == 0 ? Double.NaN : dn / wn;
            }
            samples++;
            sampling = false;
        }
        update++;
    }

    /** Means over the epoch's samples, then a fresh epoch: {gradientNorm[], updateRatio[]}. */
    double[][] takeEpoch() {
        double[] g = new double[layers], r = new double[layers];
        for (int l = 0; l < layers; l++) {
            g[l] = samples == 0 ? Double.NaN : gradSum[l] / samples;
            r[l] = samples == 0 ? Double.NaN : ratioSum[l] / samples;
        }
        java.util.Arrays.fill(gradSum, 0);
        java.util.Arrays.fill(ratioSum, 0);
        samples = 0;
        return new double[][]{g, r};
    }

    int layers() {
        return layers;
    }
}

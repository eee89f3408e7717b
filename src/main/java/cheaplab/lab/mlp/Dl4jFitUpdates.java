package cheaplab.lab.mlp;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The updates by DL4J's own {@code MultiLayerNetwork.fit()} — what the lab uses where ND4J's backend is not the CPU
 * (the CUDA build), and the reference {@link DenseBackpropagation} is tested against. The learning rate is set on
 * DL4J's updater when it changes; the layer statistics come from a training listener: the gradient DL4J computed
 * (its batch sum, divided by the batch size: the mean loss's) and the change of W from a copy taken before the update.
 */
final class Dl4jFitUpdates implements MlpUpdates {
    private final MultiLayerNetwork net;
    private final int layers;
    private final Listener listener;
    private double learningRate = Double.NaN;

    Dl4jFitUpdates(MultiLayerNetwork net, MlpConfig cfg) {
        this.net = net;
        this.layers = cfg.hidden().size() + 1;
        this.listener = new Listener();
        net.setListeners(listener);
    }

    @Override
    public double update(float[] x, float[] y, int b, double lr, LayerStatistics stats) {
        if (lr != learningRate) {
            net.setLearningRate(lr);
            learningRate = lr;
        }
        listener.stats = stats;
        INDArray xa = Nd4j.create(x, new long[]{b, MlpConfig.PIXELS}, 'c');
        INDArray ya = Nd4j.create(y, new long[]{b, MlpConfig.CLASSES}, 'c');
        net.fit(xa, ya);
        listener.stats = null;
        return net.score();
    }

    @Override
    public void close() {
        net.setListeners();
    }

    private final class Listener extends BaseTrainingListener {
        LayerStatistics stats;
        private final INDArray[] before = new INDArray[layers];

        @Override
        public void onGradientCalculation(Model model) {
            if (stats == null) return;
            Gradient g = net.gradient();
            for (int l = 0; l < layers; l++) {
                INDArray gw = g.getGradientFor(l + "_W");
                stats.gradientNorm[l] = gw == null ? Double.NaN : gw.norm2Number().doubleValue() / net.batchSize();
                INDArray w = net.getLayer(l).getParam("W");
                if (before[l] == null) before[l] = w.dup();
                else before[l].assign(w);
            }
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            if (stats == null) return;
            for (int l = 0; l < layers; l++) {
                INDArray w = net.getLayer(l).getParam("W");
                double wn = w.norm2Number().doubleValue();
                stats.updateRatio[l] = wn == 0 ? Double.NaN : before[l].subi(w).norm2Number().doubleValue() / wn;
            }
        }
    }
}

package cheaplab.lab.mlp;

import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.UniformDistribution;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The lab's network as a DL4J {@link MultiLayerNetwork}: {@link DenseLayer}s of the configured widths and activation,
 * a softmax {@link OutputLayer} with multi-class cross-entropy (the loss is the mean over the batch), DL4J's own
 * weight initialisation seeded from the run's seed, biases 0, SGD or Nesterov momentum, optional per-layer L2
 * gradient clipping.
 */
public final class MlpNetwork {
    private MlpNetwork() {}

    public static IActivation activation(String name) {
        return switch (name) {
            case "scaled-tanh" -> new ScaledTanh();
            case "tanh" -> Activation.TANH.getActivationFunction();
            case "relu" -> Activation.RELU.getActivationFunction();
            default -> throw new IllegalArgumentException("activation " + name);
        };
    }

    /** The configuration of {@code cfg}'s network in {@code type} (FLOAT to train, DOUBLE for gradient checks). */
    public static MultiLayerConfiguration configuration(MlpConfig cfg, long initSeed, DataType type) {
        IUpdater updater = cfg.momentum() > 0 ? new Nesterovs(cfg.learningRate(), cfg.momentum()) : new Sgd(cfg.learningRate());
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(initSeed)
                .dataType(type)
                .updater(updater)
                .biasInit(0.0);
        switch (cfg.init()) {
            case "uniform" -> b.weightInit(new UniformDistribution(-0.05, 0.05));
            case "xavier" -> b.weightInit(WeightInit.XAVIER);
            case "he" -> b.weightInit(WeightInit.RELU);
            default -> throw new IllegalArgumentException("init " + cfg.init());
        }
        if (cfg.clipNorm() > 0)
            b.gradientNormalization(GradientNormalization.ClipL2PerLayer).gradientNormalizationThreshold(cfg.clipNorm());
        NeuralNetConfiguration.ListBuilder list = b.list();
        int[] sizes = cfg.layerSizes();
        for (int i = 0; i + 2 < sizes.length; i++)
            list.layer(new DenseLayer.Builder().nIn(sizes[i]).nOut(sizes[i + 1]).activation(activation(cfg.activation())).build());
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(sizes[sizes.length - 2])
                .nOut(sizes[sizes.length - 1]).activation(new RowSoftmax()).build());
        return list.build();
    }

    public static MultiLayerNetwork build(MlpConfig cfg, long initSeed, DataType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(cfg, initSeed, type));
        net.init();
        return net;
    }
}

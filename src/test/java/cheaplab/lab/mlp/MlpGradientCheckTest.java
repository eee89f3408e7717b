package cheaplab.lab.mlp;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-propagation of the lab's networks against central finite differences (DL4J's {@link GradientCheckUtil},
 * double precision): the lab's own activation (scaled tanh) and softmax included. A deliberately wrong derivative
 * fails the same check, so the check can fail.
 */
class MlpGradientCheckTest {
    private static final double EPS = 1e-6, MAX_REL = 1e-5, MIN_ABS = 1e-9;

    /** GradientCheckUtil insists on DOUBLE as ND4J's default type: set for the check, restored after. */
    private static boolean check(MultiLayerNetwork net, long seed) {
        return check(net, seed, GradientCheckUtil.PrintMode.FAILURES_ONLY);
    }

    private static boolean check(MultiLayerNetwork net, long seed, GradientCheckUtil.PrintMode print) {
        DataType before = Nd4j.dataType(), beforeFloat = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            return checkDouble(net, seed, print);
        } finally {
            Nd4j.setDefaultDataTypes(before, beforeFloat);
        }
    }

    /**
     * Every parameter of a small net; of the 784-input nets, 40 per parameter array (spread over it: subset mode)
     * — each costs two forward passes, and all 4,000 took a minute on the loaded test machine.
     */
    private static boolean checkDouble(MultiLayerNetwork net, long seed, GradientCheckUtil.PrintMode print) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, net.layerInputSize(0));
        long classes = net.layerSize(net.getnLayers() - 1);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 3, classes);
        for (int i = 0; i < 3; i++) y.putScalar(i, (i * 7) % classes, 1.0);
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .subset(net.numParams() > 500).maxPerParam(40).epsilon(EPS).maxRelError(MAX_REL).minAbsoluteError(MIN_ABS).print(print));
    }

    /** The lab's own network builder (SGD at η = 1, as the checker requires), both tanh activations: 784-5-4-10. */
    @Test
    void theLabsNetworksBackpropagateTheirExactGradient() {
        for (String activation : List.of("scaled-tanh", "tanh")) {
            MlpConfig c = new MlpConfig("mnist", List.of(5, 4), activation, "xavier", 1, 1.0, 1, 0, 0, 0, 1, 100, 10, 10,
                    false, 5, 20, 0, 0, "unit", 0, 1);
            MultiLayerNetwork net = MlpNetwork.build(c, 3, DataType.DOUBLE);
            assertTrue(check(net, 5), activation);
        }
    }

    /** A small net of the lab's layers (scaled tanh, the row softmax), and the same with a wrong derivative. */
    @Test
    void aWrongDerivativeFailsTheCheck() {
        assertTrue(check(small(new ScaledTanh()), 7));
        assertFalse(check(small(new WrongScaledTanh()), 7, GradientCheckUtil.PrintMode.ZEROS));
    }

    @Test
    void theRowSoftmaxIsTheSoftmax() {
        INDArray z = Nd4j.createFromArray(new double[][]{{1, 2, 3}, {-1000, 0, 1000}, {0.5, 0.5, 0.5}});
        INDArray p = new RowSoftmax().getActivation(z.dup(), false);
        double e = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(3) / e, p.getDouble(0, 2), 1e-15);
        assertEquals(1.0, p.getDouble(1, 2), 1e-15);
        assertEquals(1.0 / 3, p.getDouble(2, 0), 1e-15);
        // Its backward pass is the softmax Jacobian's transpose times ε: pᵢ(εᵢ − Σⱼ εⱼpⱼ), checked numerically.
        INDArray zz = Nd4j.createFromArray(new double[][]{{0.3, -0.2, 1.1}});
        INDArray eps = Nd4j.createFromArray(new double[][]{{0.7, -1.3, 0.4}});
        INDArray grad = new RowSoftmax().backprop(zz.dup(), eps).getFirst();
        for (int i = 0; i < 3; i++) {
            INDArray up = zz.dup(), down = zz.dup();
            up.putScalar(0, i, zz.getDouble(0, i) + 1e-6);
            down.putScalar(0, i, zz.getDouble(0, i) - 1e-6);
            double fu = new RowSoftmax().getActivation(up, false).mul(eps).sumNumber().doubleValue();
            double fd = new RowSoftmax().getActivation(down, false).mul(eps).sumNumber().doubleValue();
            assertEquals((fu - fd) / 2e-6, grad.getDouble(0, i), 1e-8, "component " + i);
        }
    }

    @Test
    void theScaledTanhIsLeCunsAndItsSlope() {
        INDArray z = Nd4j.createFromArray(new double[][]{{-1, 0, 1, 3}});
        INDArray f = new ScaledTanh().getActivation(z.dup(), false);
        for (int i = 0; i < 4; i++)
            assertEquals(1.7159 * Math.tanh(2 * z.getDouble(0, i) / 3), f.getDouble(0, i), 1e-15);
        assertEquals(1.0, f.getDouble(0, 2), 1e-4); // f(1) ≈ 1
        INDArray g = new ScaledTanh().backprop(z.dup(), Nd4j.onesLike(z)).getFirst();
        for (int i = 0; i < 4; i++) {
            double t = Math.tanh(2 * z.getDouble(0, i) / 3);
            assertEquals(1.7159 * 2 / 3 * (1 - t * t), g.getDouble(0, i), 1e-15);
        }
    }

    private static MultiLayerNetwork small(IActivation hidden) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(11).dataType(DataType.DOUBLE)
                .updater(new NoOp()).weightInit(WeightInit.XAVIER).list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(hidden).build())
                .layer(new DenseLayer.Builder().nIn(5).nOut(4).activation(hidden).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3).activation(new RowSoftmax()).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The scaled tanh with the inner factor B forgotten in its derivative. */
    public static final class WrongScaledTanh extends ScaledTanh {
        @Override
        public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
            Pair<INDArray, INDArray> p = super.backprop(in, epsilon);
            p.getFirst().divi(B);
            return p;
        }
    }
}

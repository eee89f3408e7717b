package cheaplab.lab.mlp;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How the lab updates its DL4J network, one mini-batch at a time: {@link DenseBackpropagation} (fused, through the
 * CPU BLAS on the network's parameter buffer) where ND4J runs on the CPU, DL4J's own {@code fit()}
 * ({@link Dl4jFitUpdates}) on any other backend — on the CUDA build the parameters live on the GPU, where a CPU BLAS
 * must not touch them. The two make the same updates (DenseBackpropagationTest, MlpLabTest).
 */
public interface MlpUpdates extends AutoCloseable {
    /**
     * One update on {@code b} images (x: b × 784 row-major, y: b × 10 one-hot) at learning rate {@code learningRate};
     * returns the batch's mean cross-entropy before the update. With {@code stats} not null, fills it.
     */
    double update(float[] x, float[] y, int b, double learningRate, LayerStatistics stats);

    @Override
    void close();

    /** The fused updates on the CPU backend, DL4J's {@code fit()} elsewhere. */
    static MlpUpdates forBackend(MultiLayerNetwork net, MlpConfig cfg) {
        return Nd4j.getEnvironment().isCPU() ? new DenseBackpropagation(net, cfg, cfg.batchSize()) : new Dl4jFitUpdates(net, cfg);
    }
}

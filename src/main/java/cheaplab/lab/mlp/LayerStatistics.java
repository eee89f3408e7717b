package cheaplab.lab.mlp;

/**
 * Per-layer figures of one update, filled by an {@link MlpUpdates} when asked for: the L2 norm of each layer's weight
 * gradient ∂L/∂W of the batch's mean loss (before clipping and the learning rate) and the update-to-weight ratio
 * ‖ΔW‖ / ‖W‖ (W after the update). Index 0 is the first hidden layer.
 */
public final class LayerStatistics {
    final double[] gradientNorm, updateRatio;

    public LayerStatistics(int layers) {
        gradientNorm = new double[layers];
        updateRatio = new double[layers];
    }
}

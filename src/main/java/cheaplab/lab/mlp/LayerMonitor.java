package cheaplab.lab.mlp;

/**
 * Per-layer statistics of sampled updates: on every {@code every}-th update, the L2 norm of each layer's weight
 * gradient ∂L/∂W of the batch's mean loss (before clipping and the learning rate) and the update-to-weight ratio
 * ‖ΔW‖ / ‖W‖ ({@link DenseBackpropagation} measures both). Averaged per epoch over the sampled updates: the
 * layers × epochs heat maps of vanishing or exploding gradients. Which updates are sampled depends only on their
 * count, not on time.
 */
final class LayerMonitor {
    private final int layers;
    private final long every;
    private final double[] gradSum, ratioSum;
    private final LayerStatistics scratch;
    private int samples;
    private long update;

    LayerMonitor(int layers, long every) {
        this.layers = layers;
        this.every = Math.max(1, every);
        this.gradSum = new double[layers];
        this.ratioSum = new double[layers];
        this.scratch = new LayerStatistics(layers);
    }

    /** Where the coming update writes its statistics: null when it is not sampled. */
    LayerStatistics next() {
        return update % every == 0 ? scratch : null;
    }

    /** Counts the update just done; {@code stats} is what {@link #next()} returned for it. */
    void done(LayerStatistics stats) {
        if (stats != null) {
            for (int l = 0; l < layers; l++) {
                gradSum[l] += stats.gradientNorm[l];
                ratioSum[l] += stats.updateRatio[l];
            }
            samples++;
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

package cheaplab.lab.rbm;

/**
 * Hinton's reconstruction error: the squared distance between a data vector and its one-step reconstruction
 * p(v | h), h ~ p(h | v), summed over pixels and averaged over rows. Cheap and useful to spot a broken
 * update, but a poor proxy for the likelihood (Hinton 2010, §5).
 */
public final class ReconstructionError {
    private final GibbsSampler sampler;

    /** Reconstructs through {@code sampler} (its chains are overwritten), in blocks of its capacity. */
    public ReconstructionError(GibbsSampler sampler) {
        this.sampler = sampler;
    }

    public double mean(VisibleRows rows) {
        return mean(rows, () -> {});
    }

    /** As {@link #mean(VisibleRows)}; {@code checkpoint} runs before every block of rows. */
    public double mean(VisibleRows rows, Runnable checkpoint) {
        double sum = 0;
        for (int from = 0; from < rows.count(); from += sampler.capacity()) {
            checkpoint.run();
            VisibleRows block = rows.rows(from, Math.min(sampler.capacity(), rows.count() - from));
            sampler.start(block);
            sampler.sampleHidden();
            sampler.sampleVisible();
            sum += sampler.visibleProbabilitiesWithBias().squaredDistance(block.withBias());
        }
        return sum / rows.count();
    }
}

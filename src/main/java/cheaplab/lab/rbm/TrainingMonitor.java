package cheaplab.lab.rbm;

import cheaplab.core.Seeds;

/**
 * The cheap training curves of Hinton's practical guide (2010, §5–6): reconstruction error, the mean free
 * energy of a fixed training subset and of the validation set (their gap grows when the model overfits, since
 * Z cancels in the difference) and scikit-learn's pseudo-log-likelihood on the validation set. Each
 * measurement draws its randomness from a stream keyed by the seed and the update count, so the values do
 * not depend on how often or when a run is measured, and measuring never disturbs training.
 */
final class TrainingMonitor implements AutoCloseable {
    /** One measurement; {@code gap} = validation − train. */
    record Snapshot(double reconstructionError, double freeEnergyTrain, double freeEnergyValidation,
                    double pseudoLogLikelihood) {
        double gap() {
            return freeEnergyValidation - freeEnergyTrain;
        }

        boolean finite() {
            return Double.isFinite(reconstructionError) && Double.isFinite(freeEnergyTrain)
                    && Double.isFinite(freeEnergyValidation) && Double.isFinite(pseudoLogLikelihood);
        }
    }

    private final long seed;
    private final FreeEnergy freeEnergy;
    private final PseudoLikelihood pseudoLikelihood;
    private final GibbsSampler sampler;
    private final ReconstructionError reconstruction;

    TrainingMonitor(BernoulliRbm rbm, long seed) {
        this.seed = seed;
        this.freeEnergy = new FreeEnergy(rbm.visible(), rbm.hidden());
        this.pseudoLikelihood = new PseudoLikelihood(rbm.visible(), rbm.hidden());
        this.sampler = new GibbsSampler(rbm, FreeEnergy.BLOCK, seed, "monitor");
        this.reconstruction = new ReconstructionError(sampler);
    }

    Snapshot measure(BernoulliRbm rbm, VisibleRows trainSubset, VisibleRows validation, long updates) {
        return measure(rbm, trainSubset, validation, updates, () -> {});
    }

    /** {@code checkpoint} runs before every block of rows of every measure (a cancelled run's check throws there). */
    Snapshot measure(BernoulliRbm rbm, VisibleRows trainSubset, VisibleRows validation, long updates, Runnable checkpoint) {
        sampler.reseed(seed, "monitor/reconstruction/" + updates);
        double rec = reconstruction.mean(trainSubset, checkpoint);
        double fTrain = freeEnergy.mean(rbm, trainSubset, checkpoint);
        double fValid = freeEnergy.mean(rbm, validation, checkpoint);
        double pll = pseudoLikelihood.mean(rbm, validation, Seeds.stream(seed, "monitor/pseudo-likelihood/" + updates), checkpoint);
        return new Snapshot(rec, fTrain, fValid, pll);
    }

    FreeEnergy freeEnergy() {
        return freeEnergy;
    }

    @Override
    public void close() {
        sampler.close();
        freeEnergy.close();
        pseudoLikelihood.close();
    }
}

package cheaplab.lab.rbm;

import java.util.Map;

/**
 * Final figures of an RBM run (no wall-clock fields: identical configs give identical JSON). Free energies and
 * the pseudo-log-likelihood are in nats; the reconstruction error is squared error summed over pixels.
 *
 * @param reconstructionError   on the training subset (the first min(trainImages, validationImages) images)
 * @param freeEnergyTrain       mean F(v) on that training subset
 * @param freeEnergyValidation  mean F(v) on the validation images
 * @param freeEnergyGap         freeEnergyValidation − freeEnergyTrain (grows when the model overfits)
 * @param pseudoLogLikelihood   mean stochastic pseudo-log-likelihood (scikit-learn's score_samples) on validation
 * @param logZ                  exact log Z when a layer has ≤ 24 units, else null
 * @param logZAis               AIS estimate log Ẑ (null when aisRuns = 0)
 * @param logZAisLow            log(Ẑ − 3σ̂) (null when not positive)
 * @param logZAisHigh           log(Ẑ + 3σ̂)
 * @param testFreeEnergy        mean F(v) on the binarised test images
 * @param testLogLikelihood     −testFreeEnergy − log Z, with the exact log Z when available, else AIS
 * @param updates               parameter updates made
 * @param weights               the trained parameters
 */
public record RbmResult(double reconstructionError, double freeEnergyTrain, double freeEnergyValidation,
                        double freeEnergyGap, double pseudoLogLikelihood, Double logZ, Double logZAis,
                        Double logZAisLow, Double logZAisHigh, double testFreeEnergy, Double testLogLikelihood,
                        long updates, RbmWeights weights, RbmConfig config, Map<String, String> versions) {}

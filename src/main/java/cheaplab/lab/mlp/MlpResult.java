package cheaplab.lab.mlp;

import java.util.List;
import java.util.Map;

/**
 * Final figures of an MLP run. Errors are fractions of misclassified images.
 *
 * @param testError           after the last epoch trained
 * @param bestValidationError the lowest validation error of any epoch
 * @param bestEpoch           the epoch that reached it
 * @param epochsTrained       epochs run (fewer than configured after early stopping)
 * @param stoppedEarly        whether early stopping ended the run
 * @param history             one record per epoch
 * @param confusion           10 × 10 test confusion matrix after the last epoch (row = true, column = predicted)
 * @param parameters          weights and biases of the network
 * @param files               {@code model.zip}: the trained network as DL4J's model file ({@link ModelFile}); empty
 *                            when the network has more than {@value MlpLab#MAX_MODEL_PARAMETERS} parameters
 * @param config              the run's config
 * @param versions            library versions ({@code cheaplab.core.Versions})
 */
public record MlpResult(double testError, double bestValidationError, int bestEpoch, int epochsTrained,
                        boolean stoppedEarly, List<Epoch> history, long[][] confusion, long parameters,
                        Map<String, Map<String, Object>> files, MlpConfig config, Map<String, String> versions) {

    /**
     * One epoch: the mean training loss of its updates (on the images as trained, distorted or not), the errors
     * after it (training error on the first {@value MlpLab#TRAIN_EVAL_IMAGES} undistorted training images), the
     * learning rate the updates used, and the epoch's wall-clock seconds (training and evaluation) — the one
     * field that depends on the machine; the lab's clock is injectable for tests.
     */
    public record Epoch(int epoch, double trainLoss, double trainError, double validationError, double testError,
                        double learningRate, double seconds) {}
}

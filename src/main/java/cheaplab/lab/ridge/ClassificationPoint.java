package cheaplab.lab.ridge;

/**
 * Ridge classifier vs logistic regression on one training-set size: series {@code classify}.
 * {@code ratio} = features/instances; accuracies on the test set; {@code ridgeTestMse} is the mean squared error
 * of the ridge decision function against the ±1 test labels; {@code logisticLogLoss} the mean test log-loss
 * (natural log, probabilities clipped to [ε, 1 − ε] with ε the double epsilon, as scikit-learn's
 * {@code log_loss}).
 */
public record ClassificationPoint(int instances, double ratio, double ridgeAccuracy, double logisticAccuracy,
                                  double ridgeTestMse, double logisticLogLoss) implements SeriesPoint {
}

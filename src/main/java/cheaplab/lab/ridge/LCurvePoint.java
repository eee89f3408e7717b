package cheaplab.lab.ridge;

/**
 * One λ of the focus set's dense grid: series {@code lcurve}. {@code lambda} in the run's λ scaling;
 * {@code residualNorm} = ‖y − Xŵ‖, {@code solutionNorm} = ‖ŵ‖, {@code gcv} the GCV score, {@code cvError} the
 * k-fold held-out MSE (NaN, written as null, when the set is too small for k folds).
 */
public record LCurvePoint(double lambda, double residualNorm, double solutionNorm, double gcv, double cvError) implements SeriesPoint {
}

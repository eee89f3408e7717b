package cheaplab.lab.ridge;

/**
 * The truncated-SVD solution keeping the {@code k} largest singular values: series {@code tsvd}.
 * {@code testRisk} is whatever the engine's risk function gives for that weight vector (excess risk for
 * synthetic data, test MSE for MNIST).
 */
public record TruncatedSvdPoint(int k, double testRisk, double solutionNorm, double residualNorm) implements SeriesPoint {
}

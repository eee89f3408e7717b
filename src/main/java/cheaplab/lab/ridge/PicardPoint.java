package cheaplab.lab.ridge;

/**
 * One term of the discrete Picard plot: series {@code picard}. {@code index} 1-based, {@code sigma} = sᵢ,
 * {@code coefficient} = |uᵢᵀy|, {@code ratio} = |uᵢᵀy|/sᵢ (the size of the i-th term of the least-squares solution).
 */
public record PicardPoint(int index, double sigma, double coefficient, double ratio) implements SeriesPoint {
}

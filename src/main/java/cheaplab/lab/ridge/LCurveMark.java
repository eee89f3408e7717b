package cheaplab.lab.ridge;

/**
 * A chosen λ marked on the L-curve: series {@code lcurveMark}, {@code kind} is {@code "corner"} (maximum
 * curvature), {@code "gcv"} (GCV minimiser) or {@code "cv"} (k-fold CV minimiser).
 */
public record LCurveMark(String kind, double lambda, double residualNorm, double solutionNorm) implements SeriesPoint {
    public static final String CORNER = "corner";
    public static final String GCV = "gcv";
    public static final String CV = "cv";
}

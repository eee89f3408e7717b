package cheaplab.lab.ridge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chosen λ marked on the L-curve: series {@code lcurveMark}, {@code kind} is {@code "corner"} (maximum
 * curvature), {@code "gcv"} (GCV minimiser) or {@code "cv"} (k-fold CV minimiser).
 */
public record LCurveMark(String kind, double lambda, double residualNorm, double solutionNorm) {
    public static final String CORNER = "corner";
    public static final String GCV = "gcv";
    public static final String CV = "cv";

    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("lambda", lambda);
        m.put("residualNorm", residualNorm);
        m.put("solutionNorm", solutionNorm);
        return m;
    }
}

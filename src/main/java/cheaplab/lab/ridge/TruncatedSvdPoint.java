package cheaplab.lab.ridge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The truncated-SVD solution keeping the {@code k} largest singular values: series {@code tsvd}.
 * {@code testRisk} is whatever the engine's risk function gives for that weight vector (excess risk for
 * synthetic data, test MSE for MNIST).
 */
public record TruncatedSvdPoint(int k, double testRisk, double solutionNorm, double residualNorm) {
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", k);
        m.put("testRisk", testRisk);
        m.put("solutionNorm", solutionNorm);
        m.put("residualNorm", residualNorm);
        return m;
    }
}

package cheaplab.lab.ridge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One term of the discrete Picard plot: series {@code picard}. {@code index} 1-based, {@code sigma} = sᵢ,
 * {@code coefficient} = |uᵢᵀy|, {@code ratio} = |uᵢᵀy|/sᵢ (the size of the i-th term of the least-squares solution).
 */
public record PicardPoint(int index, double sigma, double coefficient, double ratio) {
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("sigma", sigma);
        m.put("coefficient", coefficient);
        m.put("ratio", ratio);
        return m;
    }
}

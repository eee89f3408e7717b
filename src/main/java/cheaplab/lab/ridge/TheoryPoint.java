package cheaplab.lab.ridge;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A point of a dense theory curve (series {@code theory}, isotropic data only).
 *
 * @param curve  "λ=0.001" for a fixed penalty, "optimal" for the optimally tuned ridge
 * @param lambda the configured λ of the curve, null for the optimal curve
 * @param ratio  γ = p / N
 * @param risk   asymptotic excess risk; null (NaN) where it is infinite (ridgeless at γ = 1)
 */
public record TheoryPoint(String curve, Double lambda, double ratio, double risk) {

    public Map<String, Object> values() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("curve", curve);
        v.put("lambda", lambda);
        v.put("ratio", ratio);
        v.put("risk", risk);
        return v;
    }
}

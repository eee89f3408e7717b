package cheaplab.lab.ridge;

import java.util.LinkedHashMap;
import java.util.Map;

/** A point of a density curve: series {@code mp}, {@code x} a singular value, {@code density} per unit of x. */
public record DensityPoint(double x, double density) {
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", x);
        m.put("density", density);
        return m;
    }
}

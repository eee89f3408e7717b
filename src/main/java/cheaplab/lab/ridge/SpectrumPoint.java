package cheaplab.lab.ridge;

import java.util.LinkedHashMap;
import java.util.Map;

/** One singular value of the focus design: series {@code spectrum}, {@code index} 1-based. */
public record SpectrumPoint(int index, double sigma) {
    /** The streamed point (keys = component names). */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("sigma", sigma);
        return m;
    }
}

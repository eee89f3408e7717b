package cheaplab.core;

import java.util.LinkedHashMap;
import java.util.Map;

/** Versions embedded in every result, so a number can be traced to the code and engine that made it. */
public final class Versions {
    public static final String APP = "0.1.0";
    public static final String ND4J = "1.0.0-M2.1";

    private Versions() {}

    public static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("app", APP);
        v.put("nd4j", ND4J);
        v.put("java", Runtime.version().feature() + "");
        // The loaded OpenBLAS copies: version, kernel chosen for this CPU, threads per call.
        v.putAll(cheaplab.linalg.OpenBlasLibraries.versions());
        return v;
    }
}

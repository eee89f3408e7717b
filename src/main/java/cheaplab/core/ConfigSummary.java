package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A config as a listing shows it: every top-level value kept as it is when small, a large one (an RBM's saved
 * {@code weights}, a long list) replaced by a string saying what was there, e.g.
 * {@code "<elided: 3 arrays, 1.2 MB>"}. The single-run answer and the export keep the whole config.
 */
public final class ConfigSummary {
    /** A top-level value whose JSON is longer than this is elided (a few dozen numbers fit). */
    public static final int MAX_VALUE_CHARS = 512;

    private ConfigSummary() {}

    /** The summary and whether anything was elided. */
    public record Summary(JsonNode config, boolean elided) {}

    public static Summary of(JsonNode config) {
        if (config == null || !config.isObject()) return new Summary(config, false);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        boolean elided = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isContainerNode() || (v.isTextual() && v.asText().length() > MAX_VALUE_CHARS)) {
                long size = Json.write(v).length();
                if (size > MAX_VALUE_CHARS) {
                    out.set(e.getKey(), TextNode.valueOf(describe(v, size)));
                    elided = true;
                    continue;
                }
            }
            out.set(e.getKey(), v);
        }
        return new Summary(out, elided);
    }

    /** "&lt;elided: 3 arrays, 1.2 MB&gt;": what the value held and how large its JSON is. */
    static String describe(JsonNode v, long jsonChars) {
        String what;
        if (v.isArray()) what = "array of " + v.size();
        else if (v.isObject()) {
            int arrays = 0;
            for (JsonNode x : v) if (x.isArray()) arrays++;
            what = arrays > 0 ? arrays + (arrays == 1 ? " array" : " arrays") : v.size() + " fields";
        } else what = "string";
        return "<elided: " + what + ", " + bytes(jsonChars) + ">";
    }

    private static String bytes(long n) {
        if (n < 1000) return n + " B";
        if (n < 1_000_000) return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}

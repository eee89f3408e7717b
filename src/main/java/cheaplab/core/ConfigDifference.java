package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What sets a few runs of one lab apart: the config fields whose values are not all equal, in the record's
 * declaration order, and for each run a short label naming its values of them ("λ = 10⁻⁶", "k = 10, persistent =
 * true"). Comparisons name their runs by it, so an overlay's legend says what differs instead of run ids.
 *
 * @param fields the differing fields (record component names), declaration order
 * @param labels one label per run, in the order given; "same config" when nothing differs
 * @param title  "λ = 10⁻⁶ vs 10⁻³" for one differing field, else the labels joined by " vs "
 */
public record ConfigDifference(List<String> fields, List<String> labels, String title) {

    /** At most this many fields are named in a label; the rest are counted. */
    static final int NAMED = 3;
    private static final Pattern SYMBOL = Pattern.compile("<var>([^<(]*)(?:<sub>([^<]*)</sub>)?</var>(?:<sub>([^<]*)</sub>)?");

    public static ConfigDifference of(Class<? extends Record> type, List<JsonNode> configs) {
        Map<String, KnobSpec> knobs = KnobSpec.of(type);
        List<String> fields = new ArrayList<>();
        for (String name : knobs.keySet()) {
            JsonNode first = configs.get(0).get(name);
            for (JsonNode c : configs) {
                if (!Objects.equals(first, c.get(name))) {
                    fields.add(name);
                    break;
                }
            }
        }
        List<String> labels = new ArrayList<>();
        for (JsonNode c : configs) {
            if (fields.isEmpty()) {
                labels.add("same config");
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (String f : fields.subList(0, Math.min(NAMED, fields.size())))
                parts.add(label(knobs.get(f)) + " = " + value(c.get(f)));
            if (fields.size() > NAMED) parts.add("+" + (fields.size() - NAMED) + " more");
            labels.add(String.join(", ", parts));
        }
        String title;
        if (fields.size() == 1) {
            List<String> values = new ArrayList<>();
            for (JsonNode c : configs) values.add(value(c.get(fields.get(0))));
            title = label(knobs.get(fields.get(0))) + " = " + String.join(" vs ", values);
        } else {
            title = String.join(" vs ", labels);
        }
        return new ConfigDifference(List.copyOf(fields), List.copyOf(labels), title);
    }

    /** A knob's label as plain text: "Penalties <var>λ</var>" → its symbol ("λ"),
     * "Hidden units <var>n<sub>h</sub></var>" → "n_h"; the field name when the label has no symbol before any
     * parenthesis (a symbol inside one is an aside: "Persistent CD … (<var>B</var> chains)" is {@code persistent}). */
    static String label(KnobSpec k) {
        String html = k.label();
        int aside = html.indexOf('(');
        java.util.regex.Matcher var = SYMBOL.matcher(aside < 0 ? html : html.substring(0, aside));
        if (var.find()) {
            String sub = var.group(2) != null ? var.group(2) : var.group(3);
            return var.group(1) + (sub != null ? "_" + sub : "");
        }
        return k.name(); // a label without a symbol is a phrase: the field's name is shorter and is what a permalink says
    }

    /** A config value as the page writes it: numbers short (10⁻⁶, 2×10⁻³), lists comma-separated, long lists cut. */
    static String value(JsonNode v) {
        if (v == null || v.isNull()) return "–";
        if (v.isArray()) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < v.size() && i < 4; i++) out.add(value(v.get(i)));
            if (v.size() > 4) out.add("… (" + v.size() + " values)");
            return String.join(", ", out);
        }
        if (v.isIntegralNumber()) return v.asText();
        if (v.isNumber()) return number(v.asDouble());
        return v.asText();
    }

    private static final String SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /** Three significant digits; powers of ten as 10ⁿ outside [0.001, 100000), like static/js/charts.js. */
    static String number(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "−∞";
        if (v == 0) return "0";
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
            return s.replace('-', '−');
        }
        int e = (int) Math.floor(Math.log10(a));
        double m = new java.math.BigDecimal(v / Math.pow(10, e)).round(new java.math.MathContext(3)).doubleValue();
        if (Math.abs(m) >= 10) { m /= 10; e += 1; }
        String power = "10" + superscript(e);
        if (Math.abs(m) == 1) return (m < 0 ? "−" : "") + power;
        String mant = new java.math.BigDecimal(m).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        return mant.replace('-', '−') + "×" + power;
    }

    private static String superscript(int e) {
        StringBuilder b = new StringBuilder();
        if (e < 0) b.append('⁻');
        for (char c : Integer.toString(Math.abs(e)).toCharArray()) b.append(SUPERSCRIPT.charAt(c - '0'));
        return b.toString();
    }
}

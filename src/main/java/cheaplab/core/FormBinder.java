package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTML form fields and URL query parameters ⇄ a config, using the same names as the JSON keys (the record
 * component names), so a lab page URL is a permalink that re-creates a config, seed included.
 *
 * <p>Values are parsed by the record component's type: numbers ({@code 1e-3}, {@code NaN} reaches the record
 * and is refused there as not finite); integers ({@code 200}, {@code 1e3}); lists of numbers from one field,
 * comma, semicolon or space separated ({@code "1e-3, 0.1"}), or from repeated fields; strings; booleans from
 * {@code on/true/1/yes} and {@code off/false/0/no}.
 *
 * <p>Checkboxes: a browser sends nothing for an unchecked box, and a permalink may leave a key out to mean
 * "default". A form therefore says which of its booleans are checkboxes, in a hidden field
 * {@value #CHECKBOXES} (names separated by commas or spaces): those that are absent mean false; any other
 * absent key keeps its default. (The hidden-input idiom, {@code name=false} before the checkbox, also works:
 * a boolean is true when any of its values is true.) Keys starting with {@code _} are form controls, not
 * config fields, and are ignored.
 */
public final class FormBinder {
    /** Hidden form field listing the checkbox fields of the form. */
    public static final String CHECKBOXES = "_checkboxes";

    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern NON_FINITE = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[,;\\s]+");
    private static final Pattern STRING_LIST_SEPARATOR = Pattern.compile("\\s*[,;]\\s*");

    private FormBinder() {}

    /** Binds form/query fields onto {@code lab}'s defaults. */
    public static <C extends Record> C bind(Lab<C, ?> lab, Map<String, List<String>> form) {
        return ConfigBinder.bind(lab, toJson(lab.configType(), form));
    }

    /**
     * The JSON object a form describes (only the keys it gives, plus its absent checkboxes as false). Values
     * are checked for shape; ranges are the record's business.
     */
    public static ObjectNode toJson(Class<? extends Record> type, Map<String, List<String>> form) {
        Map<String, ConfigField> fields = ConfigField.of(type);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, List<String>> e : form.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("_")) continue;
            ConfigField f = fields.get(key);
            if (f == null) throw ConfigBinder.unknownField(key, type);
            List<String> values = e.getValue() == null ? List.of() : e.getValue();
            out.set(key, parse(f, values));
        }
        for (String name : checkboxes(form)) {
            ConfigField f = fields.get(name);
            if (f == null) throw ConfigBinder.unknownField(name, type);
            if (f.kind() != ConfigField.Kind.BOOLEAN)
                throw new ConfigException(name, "is listed in " + CHECKBOXES + " but is not a boolean field");
            if (!out.has(name)) out.put(name, false);
        }
        return out;
    }

    private static List<String> checkboxes(Map<String, List<String>> form) {
        List<String> names = new ArrayList<>();
        for (String v : form.getOrDefault(CHECKBOXES, List.of()))
            for (String n : LIST_SEPARATOR.split(v.trim())) if (!n.isEmpty()) names.add(n);
        return names;
    }

    /**
     * Binds a lab page's URL query (or a form) leniently, for showing the form again: never throws for what the
     * client sent. Absent keys keep the defaults (checkboxes listed in {@value #CHECKBOXES} excepted, as in
     * {@link #toJson}); keys that name no field are collected in {@link FilledForm#ignored()}; every value that
     * does not parse is an error of its field, and the record's own checks are run with the wrong fields at
     * their defaults, so one pass reports every field that is wrong, not just the first.
     */
    public static <C extends Record> FilledForm<C> fill(Lab<C, ?> lab, Map<String, List<String>> params) {
        Class<C> type = lab.configType();
        Map<String, ConfigField> fields = ConfigField.of(type);
        ObjectNode defaults = (ObjectNode) Json.tree(lab.defaults());
        ObjectNode merged = defaults.deepCopy();
        Map<String, String> given = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("_")) continue;
            ConfigField f = fields.get(key);
            if (f == null) {
                ignored.add(key);
                continue;
            }
            List<String> values = e.getValue() == null ? List.of() : e.getValue();
            given.put(key, String.join(", ", values).strip());
            try {
                merged.set(key, parse(f, values));
            } catch (ConfigException ex) {
                errors.put(key, ex.reason());
                merged.set(key, defaults.get(key));
            }
        }
        for (String name : checkboxes(params)) {
            ConfigField f = fields.get(name);
            if (f != null && f.kind() == ConfigField.Kind.BOOLEAN && !params.containsKey(name)) merged.put(name, false);
        }
        C config = null;
        ObjectNode shown = merged.deepCopy();
        for (int attempt = 0; attempt <= fields.size(); attempt++) {
            try {
                C c = ConfigBinder.instantiate(type, merged);
                if (errors.isEmpty()) config = c;
                break;
            } catch (ConfigException ex) {
                boolean again = fields.containsKey(ex.field()) && !errors.containsKey(ex.field());
                errors.putIfAbsent(ex.field(), ex.reason());
                if (!again) break;
                merged.set(ex.field(), defaults.get(ex.field())); // check the other fields with this one at its default
            }
        }
        Map<String, String> values = values(type, config != null ? Json.tree(config) : shown);
        for (String field : errors.keySet()) if (given.containsKey(field)) values.put(field, given.get(field));
        return new FilledForm<>(values, config, errors, ignored);
    }

    /**
     * A stored config (a past run's) as its form shows it. Keys the config record no longer has are listed as
     * ignored; a config the record now refuses comes back with its error and its values as stored.
     */
    public static <C extends Record> FilledForm<C> show(Lab<C, ?> lab, JsonNode stored) {
        Class<C> type = lab.configType();
        Map<String, ConfigField> fields = ConfigField.of(type);
        ObjectNode known = JsonNodeFactory.instance.objectNode();
        List<String> ignored = new ArrayList<>();
        if (stored != null && stored.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = stored.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (fields.containsKey(e.getKey())) known.set(e.getKey(), e.getValue());
                else ignored.add(e.getKey());
            }
        }
        try {
            C c = ConfigBinder.bind(lab, known);
            return new FilledForm<>(values(type, Json.tree(c)), c, Map.of(), ignored);
        } catch (ConfigException e) {
            ObjectNode asStored = (ObjectNode) Json.tree(lab.defaults());
            asStored.setAll(known);
            return new FilledForm<>(values(type, asStored), null, Map.of(e.field(), e.reason()), ignored);
        }
    }

    /**
     * Each field of {@code type} as an input shows it, in declaration order: lists joined by {@code ", "},
     * numbers in their shortest exact form, {@code true}/{@code false}; "" for a field {@code config} lacks.
     */
    public static Map<String, String> values(Class<? extends Record> type, JsonNode config) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : ConfigField.of(type).keySet()) {
            JsonNode v = config == null ? null : config.get(name);
            out.put(name, v == null || v.isNull() ? "" : text(v, ", "));
        }
        return out;
    }

    private static JsonNode parse(ConfigField f, List<String> values) {
        switch (f.kind()) {
            case BOOLEAN: {
                if (values.isEmpty()) throw new ConfigException(f.name(), "is required");
                boolean any = false;
                for (String v : values) any |= bool(f.name(), v);
                return BooleanNode.valueOf(any);
            }
            case LIST: {
                ArrayNode arr = JsonNodeFactory.instance.arrayNode();
                Pattern sep = f.element() == ConfigField.Kind.STRING || f.element() == ConfigField.Kind.ENUM
                        ? STRING_LIST_SEPARATOR : LIST_SEPARATOR;
                for (String v : values) {
                    String t = v.trim();
                    if (t.isEmpty()) continue;
                    for (String token : sep.split(t)) {
                        if (token.isEmpty()) continue;
                        try {
                            arr.add(scalar(f.element(), f.name(), token));
                        } catch (ConfigException ex) {
                            throw new ConfigException(f.name(), "value #" + (arr.size() + 1) + " " + ex.reason());
                        }
                    }
                }
                return ConfigBinder.normalise(f, arr);
            }
            default: {
                if (values.size() != 1)
                    throw new ConfigException(f.name(), values.isEmpty() ? "is required" : "was given " + values.size() + " values, expected one");
                return ConfigBinder.normalise(f, scalar(f.kind(), f.name(), values.get(0).trim()));
            }
        }
    }

    private static JsonNode scalar(ConfigField.Kind kind, String field, String s) {
        switch (kind) {
            case NUMBER:
            case INTEGER:
                if (s.isEmpty()) throw new ConfigException(field, "is required");
                if (DECIMAL.matcher(s).matches())
                    return kind == ConfigField.Kind.NUMBER ? DoubleNode.valueOf(Double.parseDouble(s)) : DecimalNode.valueOf(new BigDecimal(s));
                if (kind == ConfigField.Kind.NUMBER && NON_FINITE.matcher(s).matches()) {
                    String t = s.toLowerCase(Locale.ROOT);
                    double d = t.contains("nan") ? Double.NaN : t.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                    return DoubleNode.valueOf(d); // the record refuses it as "must be a finite number"
                }
                throw new ConfigException(field, "must be " + (kind == ConfigField.Kind.NUMBER ? "a number" : "an integer") + ", was '" + clip(s) + "'");
            case BOOLEAN:
                return BooleanNode.valueOf(bool(field, s));
            case OTHER:
                try {
                    return Json.MAPPER.readTree(s);
                } catch (Exception notJson) {
                    return TextNode.valueOf(s);
                }
            default:
                return TextNode.valueOf(s);
        }
    }

    private static boolean bool(String field, String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "on": case "true": case "1": case "yes": return true;
            case "off": case "false": case "0": case "no": case "": return false;
            default: throw new ConfigException(field, "must be true or false, was '" + clip(v) + "'");
        }
    }

    private static String clip(String s) {
        return Excerpt.of(s);
    }

    /**
     * The permalink query string of a config (no leading {@code ?}): every field in record order, lists
     * comma-separated, numbers in their shortest exact form. {@link #parseQuery} and {@link #bind} give the
     * same config back.
     */
    public static String toQuery(Record config) {
        ObjectNode json = (ObjectNode) Json.tree(config);
        StringBuilder sb = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) continue;
            if (sb.length() > 0) sb.append('&');
            sb.append(encode(e.getKey())).append('=').append(encode(text(e.getValue(), ",")));
        }
        return sb.toString();
    }

    /** A value as text: list items joined by {@code separator}, numbers short and exact. */
    private static String text(JsonNode v, String separator) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode x : v) parts.add(text(x, separator));
            return String.join(separator, parts);
        }
        if (v.isFloatingPointNumber()) return number(v.doubleValue());
        if (v.isValueNode()) return v.asText();
        return Json.write(v);
    }

    /**
     * Short exact decimal of a double, as a person writes it: plain from 1e-4 up to 1e15 ({@code 0.001},
     * {@code 200}, {@code 0.30000000000000004}), otherwise scientific with a lower-case e ({@code 1e-6},
     * {@code 2.5e20}). Parsing it gives the same double back.
     */
    public static String number(double d) {
        if (!Double.isFinite(d)) return Double.toString(d);
        double a = Math.abs(d);
        if (a == 0) return "0";
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (a >= 1e-4 && a < 1e15) return b.toPlainString();
        String digits = b.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - b.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (d < 0 ? "-" : "") + mantissa + "e" + exponent;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters and the comma (for query values and path segments). */
    public static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == ',')
                sb.append((char) c);
            else sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
        }
        return sb.toString();
    }

    /** Decodes a query string ({@code a=1&b=x%20y&b=z}; a leading {@code ?} is ignored) keeping repeated keys. */
    public static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (query == null) return out;
        String q = query.startsWith("?") ? query.substring(1) : query;
        for (String pair : q.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }
}

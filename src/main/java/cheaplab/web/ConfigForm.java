package cheaplab.web;

import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import cheaplab.core.Lab;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Binds the string values of a form or a URL query to a lab's config record. Names are the record component
 * names; lists are written {@code "1e-6, 1e-3"}; booleans {@code true/false} (a form checkbox sends
 * {@code on} and nothing when unchecked). Values not given keep the lab's defaults, so a permalink may carry
 * only what differs. Every failure is a {@link ConfigException} naming the field, whether it comes from
 * parsing ("features: must be an integer, was 'abc'") or from the record's own validation.
 */
public final class ConfigForm {
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[\\s,;]+");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Where the strings came from: an absent checkbox means false in a form, "keep the default" in a query. */
    public enum Source { FORM, QUERY }

    /** The field kinds a form can show. */
    public enum Kind { INTEGER, NUMBER, BOOLEAN, TEXT, INTEGER_LIST, NUMBER_LIST, TEXT_LIST, JSON }

    /** One form field: its name, kind and the string shown in the input. */
    public record Field(String name, Kind kind, String value) {
        public String getName() { return name; }
        public String getKind() { return kind.name().toLowerCase(Locale.ROOT); }
        public String getValue() { return value; }
        public boolean isChecked() { return "true".equals(value); }
    }

    /**
     * The outcome of binding: the strings to show in each input (as given when invalid, so the user can fix
     * them), the config when valid, the first error otherwise, and parameters that name no field.
     */
    public record Bound(Map<String, String> values, Record config, ConfigException error, List<String> ignored) {
        public boolean valid() { return error == null; }
    }

    private ConfigForm() {}

    /** A lab page URL's query: defaults overridden by the parameters given. */
    public static Bound fromQuery(Lab<?, ?> lab, Map<String, List<String>> params) {
        return bind(lab, params, Source.QUERY);
    }

    /** An htmx form post: every field is present except unchecked checkboxes, which mean false. */
    public static Bound fromForm(Lab<?, ?> lab, Map<String, List<String>> params) {
        return bind(lab, params, Source.FORM);
    }

    /** A stored config (e.g. of a past run) shown in the form. */
    public static Bound fromJson(Lab<?, ?> lab, JsonNode config) {
        Map<String, String> values = values(lab.configType(), config);
        try {
            return new Bound(values, toConfig(lab.configType(), config), null, List.of());
        } catch (ConfigException e) {
            return new Bound(values, null, e, List.of());
        }
    }

    public static Bound bind(Lab<?, ?> lab, Map<String, List<String>> params, Source source) {
        Class<? extends Record> type = lab.configType();
        ObjectNode tree = (ObjectNode) Json.tree(lab.defaults());
        Map<String, String> shown = values(type, tree);
        List<String> ignored = new ArrayList<>();
        for (String name : params.keySet()) if (component(type, name) == null) ignored.add(name);
        ConfigException error = null;
        for (RecordComponent c : type.getRecordComponents()) {
            List<String> given = params.get(c.getName());
            String raw = given == null || given.isEmpty() ? null : given.get(given.size() - 1);
            if (raw == null && source == Source.FORM && kind(c.getGenericType()) == Kind.BOOLEAN) raw = "false";
            if (raw == null) continue;
            shown.put(c.getName(), raw.strip());
            if (error != null) continue;
            try {
                tree.set(c.getName(), parse(c.getName(), kind(c.getGenericType()), raw));
            } catch (ConfigException e) {
                error = e;
            }
        }
        Record config = null;
        if (error == null) {
            try {
                config = toConfig(type, tree);
            } catch (ConfigException e) {
                error = e;
            }
        }
        // Valid: show the record's own canonical values (e.g. "100, 200, 400"); invalid: what was given.
        return new Bound(config != null ? values(type, Json.tree(config)) : shown, config, error, List.copyOf(ignored));
    }

    /** Builds the record from JSON, so its compact constructor validates; its ConfigException comes out as is. */
    public static <C extends Record> C toConfig(Class<C> type, JsonNode tree) {
        try {
            return Json.MAPPER.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof ConfigException ce) throw ce;
            String field = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                    && m.getPath().get(0).getFieldName() != null ? m.getPath().get(0).getFieldName() : "config";
            throw new ConfigException(field, e.getOriginalMessage());
        }
    }

    /** The form fields of a config type with the strings of {@code config} (e.g. defaults) as values. */
    public static List<Field> fields(Class<? extends Record> type, Map<String, String> values) {
        List<Field> fields = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents())
            fields.add(new Field(c.getName(), kind(c.getGenericType()), values.getOrDefault(c.getName(), "")));
        return fields;
    }

    /** Each component of {@code config} written as a form shows it: lists joined by ", ", numbers short. */
    public static Map<String, String> values(Class<? extends Record> type, JsonNode config) {
        Map<String, String> values = new LinkedHashMap<>();
        for (RecordComponent c : type.getRecordComponents()) {
            JsonNode v = config == null ? null : config.get(c.getName());
            values.put(c.getName(), v == null || v.isNull() ? "" : text(v));
        }
        return values;
    }

    /** {@code /labs/<lab>?a=1&b=...}: the URL that re-creates these values, seed included. */
    public static String permalink(String lab, Map<String, String> values) {
        StringBuilder sb = new StringBuilder("/labs/").append(enc(lab));
        char sep = '?';
        for (Map.Entry<String, String> e : values.entrySet()) {
            String v = e.getValue().replaceAll(",\\s+", ",");
            sb.append(sep).append(enc(e.getKey())).append('=').append(enc(v));
            sep = '&';
        }
        return sb.toString();
    }

    /** Short, exact text for a number: 200, 0.1, 1e-6 (never 1.0E-6). */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = Double.toString(v).toLowerCase(Locale.ROOT);
        return s.replace(".0e", "e");
    }

    private static String text(JsonNode v) {
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(x -> parts.add(text(x)));
            return String.join(", ", parts);
        }
        if (v.isIntegralNumber()) return v.asText();
        if (v.isNumber()) return number(v.doubleValue());
        if (v.isValueNode()) return v.asText();
        return v.toString();
    }

    private static JsonNode parse(String field, Kind kind, String raw) {
        String s = raw.strip();
        switch (kind) {
            case INTEGER: return NODES.numberNode(integer(field, s));
            case NUMBER: return NODES.numberNode(decimal(field, s));
            case BOOLEAN: return NODES.booleanNode(bool(field, s));
            case TEXT: return NODES.textNode(s);
            case JSON:
                try {
                    return Json.MAPPER.readTree(s);
                } catch (JsonProcessingException e) {
                    throw new ConfigException(field, "must be JSON, was '" + s + "'");
                }
            default:
                ArrayNode list = NODES.arrayNode();
                if (s.isEmpty()) return list;
                String[] parts = LIST_SEPARATOR.split(s);
                for (int i = 0; i < parts.length; i++) {
                    String p = parts[i];
                    if (p.isEmpty()) continue;
                    if (kind == Kind.INTEGER_LIST) list.add(integerIn(field, i + 1, p));
                    else if (kind == Kind.NUMBER_LIST) list.add(decimalIn(field, i + 1, p));
                    else list.add(p);
                }
                return list;
        }
    }

    private static long integer(String field, String s) {
        return integerIn(field, 0, s);
    }

    /** {@code item} is the 1-based position in a list, 0 for a single value. */
    private static long integerIn(String field, int item, String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(field, what(item) + " an integer, was '" + s + "'");
        }
    }

    private static double decimal(String field, String s) {
        return decimalIn(field, 0, s);
    }

    private static double decimalIn(String field, int item, String s) {
        try {
            double v = Double.parseDouble(s);
            if (Double.isFinite(v)) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(field, what(item) + " a finite number, was '" + s + "'");
    }

    private static String what(int item) {
        return item == 0 ? "must be" : "value #" + item + " must be";
    }

    private static boolean bool(String field, String s) {
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true": case "on": case "1": case "yes": return true;
            case "false": case "off": case "0": case "no": case "": return false;
            default: throw new ConfigException(field, "must be true or false, was '" + s + "'");
        }
    }

    static Kind kind(Type t) {
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw
                && java.util.Collection.class.isAssignableFrom(raw)) {
            Kind item = kind(p.getActualTypeArguments()[0]);
            return item == Kind.INTEGER ? Kind.INTEGER_LIST : item == Kind.NUMBER ? Kind.NUMBER_LIST
                    : item == Kind.TEXT ? Kind.TEXT_LIST : Kind.JSON;
        }
        if (t == int.class || t == long.class || t == short.class || t == Integer.class || t == Long.class || t == Short.class)
            return Kind.INTEGER;
        if (t == double.class || t == float.class || t == Double.class || t == Float.class) return Kind.NUMBER;
        if (t == boolean.class || t == Boolean.class) return Kind.BOOLEAN;
        if (t == String.class || (t instanceof Class<?> c && c.isEnum())) return Kind.TEXT;
        return Kind.JSON;
    }

    private static RecordComponent component(Class<? extends Record> type, String name) {
        for (RecordComponent c : type.getRecordComponents()) if (c.getName().equals(name)) return c;
        return null;
    }

    /** Percent-encodes all but RFC 3986 unreserved characters and ',' (lists stay readable: 1e-6,0.1). */
    static String enc(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~,".indexOf(c) >= 0)
                sb.append(c);
            else
                sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
        return sb.toString();
    }
}

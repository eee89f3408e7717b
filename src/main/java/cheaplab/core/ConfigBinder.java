package cheaplab.core;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON object → a lab's config record. Keys missing from the input take the lab's {@link Lab#defaults()}
 * values; unknown keys are refused naming the key; a value of the wrong shape (a string for a number, 1.5 for
 * an integer, a number for a list) is refused naming the field before the record is built; the record's
 * compact constructor then range-checks and its {@link ConfigException} passes through unchanged.
 */
public final class ConfigBinder {
    /** {@link Json#MAPPER} without its lenient coercions (we check shapes ourselves; this is the backstop). */
    private static final ObjectMapper STRICT = strict();

    private ConfigBinder() {}

    private static ObjectMapper strict() {
        ObjectMapper m = Json.MAPPER.copy();
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType t : new LogicalType[]{LogicalType.Integer, LogicalType.Float, LogicalType.Boolean})
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** Binds {@code json} (null or missing = {}) onto {@code lab}'s defaults. */
    public static <C extends Record> C bind(Lab<C, ?> lab, JsonNode json) {
        return bind(lab.configType(), lab.defaults(), json);
    }

    /**
     * Binds {@code json} onto {@code defaults} (null: every field must be given).
     *
     * @throws MalformedConfigException {@code json} is not an object
     * @throws ConfigException          an unknown key, a wrongly shaped or out-of-range value (names the field)
     */
    public static <C extends Record> C bind(Class<C> type, C defaults, JsonNode json) {
        return instantiate(type, merge(type, defaults, json));
    }

    /** The defaults overlaid with {@code json}, every value checked for shape; the record is not built. */
    public static ObjectNode merge(Class<? extends Record> type, Record defaults, JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) json = JsonNodeFactory.instance.objectNode();
        if (!json.isObject())
            throw new MalformedConfigException("a config must be a JSON object, was " + describe(json));
        Map<String, ConfigField> fields = ConfigField.of(type);
        ObjectNode out = defaults == null ? JsonNodeFactory.instance.objectNode() : (ObjectNode) Json.tree(defaults);
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            ConfigField f = fields.get(e.getKey());
            if (f == null) throw unknownField(e.getKey(), type);
            out.set(e.getKey(), normalise(f, e.getValue()));
        }
        return out;
    }

    static ConfigException unknownField(String key, Class<?> type) {
        return new ConfigException(key, "unknown field; the fields are " + String.join(", ", ConfigField.names(type)));
    }

    /** Builds the record from an already merged object; constructor and type errors become ConfigExceptions. */
    public static <C extends Record> C instantiate(Class<C> type, ObjectNode merged) {
        try {
            return STRICT.treeToValue(merged, type);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException ce) throw ce;
            String field = fieldOf(e, type);
            String msg = cause == null ? e.getOriginalMessage()
                    : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            throw new ConfigException(field, msg);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof ConfigException ce) throw ce;
            String field = fieldOf(e, type);
            ConfigField f = ConfigField.of(type).get(field);
            String msg = f == null ? e.getOriginalMessage()
                    : "must be " + ConfigField.expected(f.kind(), f.min(), f.max()) + " (" + firstLine(e.getOriginalMessage()) + ")";
            throw new ConfigException(field, msg);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ConfigException("config", firstLine(e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            if (e instanceof ConfigException ce) throw ce;
            if (e.getCause() instanceof ConfigException ce) throw ce;
            throw new ConfigException("config", firstLine(e.getMessage()));
        }
    }

    private static String fieldOf(JsonMappingException e, Class<?> type) {
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null && ConfigField.of(type).containsKey(r.getFieldName())) return r.getFieldName();
        }
        return "config";
    }

    private static String firstLine(String s) {
        if (s == null) return "invalid value";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Checks the JSON shape of one value against its field; integral floats (1e3) become integers. */
    static JsonNode normalise(ConfigField f, JsonNode v) {
        if (v.isNull()) {
            if (f.primitive()) throw new ConfigException(f.name(), "is required; null is not " + ConfigField.expected(f.kind(), f.min(), f.max()));
            return v;
        }
        if (f.kind() == ConfigField.Kind.LIST) {
            if (!v.isArray()) throw new ConfigException(f.name(), "must be a list (JSON array), was " + describe(v));
            ArrayNode out = JsonNodeFactory.instance.arrayNode(v.size());
            for (int i = 0; i < v.size(); i++) {
                JsonNode x = v.get(i);
                if (x.isNull()) {
                    out.add(x); // the compact constructor names the missing entry
                    continue;
                }
                String problem = problem(f.element(), f.min(), f.max(), f.enumNames(), x);
                if (problem != null) throw new ConfigException(f.name(), "value #" + (i + 1) + " " + problem);
                out.add(integral(f.element(), x));
            }
            return out;
        }
        String problem = problem(f.kind(), f.min(), f.max(), f.enumNames(), v);
        if (problem != null) throw new ConfigException(f.name(), problem);
        return integral(f.kind(), v);
    }

    /** Why {@code v} does not fit {@code kind}, or null if it does. */
    private static String problem(ConfigField.Kind kind, long min, long max, java.util.List<String> enums, JsonNode v) {
        switch (kind) {
            case NUMBER:
                return v.isNumber() ? null : "must be a number, was " + describe(v);
            case INTEGER: {
                if (!v.isNumber()) return "must be an integer, was " + describe(v);
                BigInteger b = exactInteger(v);
                if (b == null) return "must be an integer, was " + Excerpt.of(v.asText());
                if (b.compareTo(BigInteger.valueOf(min)) < 0 || b.compareTo(BigInteger.valueOf(max)) > 0)
                    return "must be an integer in [" + min + ", " + max + "], was " + Excerpt.of(v.asText());
                return null;
            }
            case BOOLEAN:
                return v.isBoolean() ? null : "must be true or false, was " + describe(v);
            case STRING:
                return v.isTextual() ? null : "must be a string, was " + describe(v);
            case ENUM:
                if (!v.isTextual()) return "must be a string, was " + describe(v);
                return enums.contains(v.asText()) ? null : "must be one of " + String.join(", ", enums) + ", was '" + Excerpt.of(v.asText()) + "'";
            default:
                return null;
        }
    }

    private static BigInteger exactInteger(JsonNode v) {
        if (v.isIntegralNumber()) return v.bigIntegerValue();
        if (v.isDouble() || v.isFloat()) {
            double d = v.doubleValue();
            if (!Double.isFinite(d)) return null;
        }
        BigDecimal d = v.decimalValue();
        try {
            return d.toBigIntegerExact();
        } catch (ArithmeticException notIntegral) {
            return null;
        }
    }

    private static JsonNode integral(ConfigField.Kind kind, JsonNode v) {
        if (kind != ConfigField.Kind.INTEGER || v.isIntegralNumber()) return v;
        long x = exactInteger(v).longValueExact();
        return x == (int) x ? IntNode.valueOf((int) x) : LongNode.valueOf(x);
    }

    /** A short description of a JSON value for messages. */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) return "missing";
        if (v.isNull()) return "null";
        if (v.isTextual()) {
            String s = v.asText();
            return "the string \"" + Excerpt.of(s) + "\"";
        }
        if (v.isArray()) return "a list";
        if (v.isObject()) return "an object";
        return Excerpt.of(v.toString());
    }
}

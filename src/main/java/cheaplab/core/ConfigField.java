package cheaplab.core;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One component of a config record as the binders see it: its name (JSON key = form field = query parameter)
 * and the shape of value it takes. Shared by {@link ConfigBinder} (JSON) and {@link FormBinder} (forms, URLs).
 */
record ConfigField(String name, Kind kind, boolean primitive, long min, long max, Kind element,
                   Class<?> rawType, Object[] enumConstants) {

    enum Kind { NUMBER, INTEGER, BOOLEAN, STRING, ENUM, LIST, OTHER }

    private static final ClassValue<Map<String, ConfigField>> CACHE = new ClassValue<>() {
        @Override
        protected Map<String, ConfigField> computeValue(Class<?> type) {
            if (!type.isRecord()) throw new IllegalArgumentException(type + " is not a record");
            Map<String, ConfigField> m = new LinkedHashMap<>();
            for (RecordComponent c : type.getRecordComponents()) m.put(c.getName(), of(c));
            return Collections.unmodifiableMap(m);
        }
    };

    /** The fields of a config record, in declaration order. */
    static Map<String, ConfigField> of(Class<?> recordType) {
        return CACHE.get(recordType);
    }

    static List<String> names(Class<?> recordType) {
        return new ArrayList<>(of(recordType).keySet());
    }

    private static ConfigField of(RecordComponent c) {
        Class<?> t = c.getType();
        if (t == List.class) {
            Type g = c.getGenericType();
            Class<?> e = Object.class;
            if (g instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> k) e = k;
            ConfigField el = scalar(c.getName(), e);
            return new ConfigField(c.getName(), Kind.LIST, false, el.min, el.max, el.kind, e, el.enumConstants);
        }
        return scalar(c.getName(), t);
    }

    private static ConfigField scalar(String name, Class<?> t) {
        boolean prim = t.isPrimitive();
        if (t == double.class || t == Double.class || t == float.class || t == Float.class)
            return new ConfigField(name, Kind.NUMBER, prim, 0, 0, null, t, null);
        if (t == int.class || t == Integer.class)
            return new ConfigField(name, Kind.INTEGER, prim, Integer.MIN_VALUE, Integer.MAX_VALUE, null, t, null);
        if (t == long.class || t == Long.class)
            return new ConfigField(name, Kind.INTEGER, prim, Long.MIN_VALUE, Long.MAX_VALUE, null, t, null);
        if (t == short.class || t == Short.class)
            return new ConfigField(name, Kind.INTEGER, prim, Short.MIN_VALUE, Short.MAX_VALUE, null, t, null);
        if (t == byte.class || t == Byte.class)
            return new ConfigField(name, Kind.INTEGER, prim, Byte.MIN_VALUE, Byte.MAX_VALUE, null, t, null);
        if (t == boolean.class || t == Boolean.class)
            return new ConfigField(name, Kind.BOOLEAN, prim, 0, 0, null, t, null);
        if (t == String.class)
            return new ConfigField(name, Kind.STRING, false, 0, 0, null, t, null);
        if (t.isEnum())
            return new ConfigField(name, Kind.ENUM, false, 0, 0, null, t, t.getEnumConstants());
        return new ConfigField(name, Kind.OTHER, false, 0, 0, null, t, null);
    }

    /** Enum constant names, for messages. */
    List<String> enumNames() {
        return enumConstants == null ? List.of() : Arrays.stream(enumConstants).map(e -> ((Enum<?>) e).name()).toList();
    }

    /** "a number", "an integer", "true or false"… for messages. */
    static String expected(Kind k, long min, long max) {
        return switch (k) {
            case NUMBER -> "a number";
            case INTEGER -> "an integer";
            case BOOLEAN -> "true or false";
            case STRING, ENUM -> "a string";
            case LIST -> "a list (JSON array)";
            case OTHER -> "a value";
        };
    }
}

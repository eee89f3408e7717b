package cheaplab.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;

/**
 * The one JSON mapper. JSON has no NaN or ∞: non-finite doubles are written as {@code null} (charts skip
 * them). Unknown keys in a config are rejected so a typo in a field name is an error, not a silent default.
 */
public final class Json {
    public static final ObjectMapper MAPPER = create();

    private Json() {}

    private static ObjectMapper create() {
        ObjectMapper m = new ObjectMapper();
        SimpleModule finite = new SimpleModule("finite-doubles");
        finite.addSerializer(Double.class, new FiniteDouble());
        finite.addSerializer(double.class, new FiniteDouble());
        finite.addSerializer(Float.class, new FiniteFloat());
        finite.addSerializer(float.class, new FiniteFloat());
        m.registerModule(finite);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        return m;
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + o.getClass().getSimpleName(), e);
        }
    }

    public static JsonNode tree(Object o) {
        return MAPPER.valueToTree(o);
    }

    private static final class FiniteDouble extends StdSerializer<Double> {
        FiniteDouble() { super(Double.class); }

        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || !Double.isFinite(v)) g.writeNull(); else g.writeNumber(v);
        }
    }

    private static final class FiniteFloat extends StdSerializer<Float> {
        FiniteFloat() { super(Float.class); }

        @Override
        public void serialize(Float v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || !Float.isFinite(v)) g.writeNull(); else g.writeNumber(v);
        }
    }
}

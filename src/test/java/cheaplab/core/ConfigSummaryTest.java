package cheaplab.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

public class ConfigSummaryTest {
    static ArrayNode numbers(int n) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < n; i++) a.add(0.123456789 * i);
        return a;
    }

    /** An RBM-like config: small values and a ~1 MB {@code weights} object of three arrays. */
    public static ObjectNode withWeights() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("dataset", "mnist");
        c.put("hidden", 96);
        c.set("lambdas", numbers(5));
        ObjectNode w = c.putObject("weights");
        w.set("w", numbers(784 * 96));
        w.set("b", numbers(784));
        w.set("c", numbers(96));
        return c;
    }

    @Test
    void largeValuesAreDescribedSmallOnesKept() {
        ObjectNode c = withWeights();
        assertTrue(Json.write(c).length() > 900_000, "the fixture is about 1 MB: " + Json.write(c).length());
        ConfigSummary.Summary s = ConfigSummary.of(c);
        assertTrue(s.elided());
        JsonNode out = s.config();
        assertEquals("mnist", out.get("dataset").asText());
        assertEquals(96, out.get("hidden").asInt());
        assertEquals(c.get("lambdas"), out.get("lambdas"), "a short list is kept");
        assertTrue(out.get("weights").asText().matches("<elided: 3 arrays, \\d+\\.\\d MB>"), out.get("weights").asText());
        assertTrue(Json.write(out).length() < 300, Json.write(out));
        assertEquals(784 * 96, c.get("weights").get("w").size(), "the config itself is not changed");
    }

    @Test
    void aSmallConfigIsItsOwnSummary() {
        ObjectNode c = JsonNodeFactory.instance.objectNode();
        c.put("points", 3);
        c.set("rates", numbers(3));
        ConfigSummary.Summary s = ConfigSummary.of(c);
        assertFalse(s.elided());
        assertEquals(c, s.config());
        assertEquals("<elided: array of 2000, 37.9 kB>", ConfigSummary.describe(numbers(2000), 37_900));
        assertEquals("<elided: string, 600 B>", ConfigSummary.describe(JsonNodeFactory.instance.textNode("x"), 600));
    }
}

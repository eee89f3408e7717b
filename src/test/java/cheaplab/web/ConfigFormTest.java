package cheaplab.web;

import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import cheaplab.web.fakes.FakeRidgeConfig;
import cheaplab.web.fakes.FakeRidgeLab;
import cheaplab.web.fakes.FakeTinyLab;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFormTest {
    private final FakeRidgeLab ridge = new FakeRidgeLab();

    @Test
    void queryKeepsDefaultsForWhatItDoesNotName() {
        ConfigForm.Bound b = ConfigForm.fromQuery(ridge, Map.of("features", List.of("300"), "lambdas", List.of("1e-3; 0.1  1")));
        FakeRidgeConfig c = (FakeRidgeConfig) b.config();
        assertEquals(300, c.features());
        assertEquals(List.of(1e-3, 0.1, 1.0), c.lambdas());
        assertEquals(FakeRidgeConfig.defaults().instances(), c.instances());
        assertTrue(c.classify(), "an absent boolean keeps its default in a query");
        assertEquals("0.001, 0.1, 1", b.values().get("lambdas"));
    }

    @Test
    void formTreatsAnAbsentCheckboxAsFalseAndOnAsTrue() {
        assertFalse(((FakeRidgeConfig) ConfigForm.fromForm(ridge, Map.of()).config()).classify());
        assertTrue(((FakeRidgeConfig) ConfigForm.fromForm(ridge, Map.of("classify", List.of("on"))).config()).classify());
        // A hidden "false" before a checked box: the last value wins.
        assertTrue(((FakeRidgeConfig) ConfigForm.fromForm(ridge, Map.of("classify", List.of("false", "true"))).config()).classify());
    }

    @Test
    void errorsNameTheFieldWhetherFromParsingOrFromTheRecord() {
        ConfigForm.Bound parse = ConfigForm.fromQuery(ridge, Map.of("instances", List.of("100, 2x0")));
        assertEquals("instances", parse.error().field());
        assertEquals("value #2 must be an integer, was '2x0'", parse.error().reason());
        assertNull(parse.config());
        assertEquals("100, 2x0", parse.values().get("instances"), "shown as given");

        ConfigForm.Bound range = ConfigForm.fromQuery(ridge, Map.of("noise", List.of("-1")));
        assertEquals("noise", range.error().field());
        assertTrue(range.error().reason().contains("was -1.0"), range.error().reason());

        assertEquals("noise", ConfigForm.fromQuery(ridge, Map.of("noise", List.of("NaN"))).error().field());
        assertEquals("classify", ConfigForm.fromQuery(ridge, Map.of("classify", List.of("maybe"))).error().field());
        // Cross-field rule of the record: MNIST needs 784 features.
        assertEquals("features", ConfigForm.fromQuery(ridge, Map.of("dataset", List.of("mnist"))).error().field());
        assertEquals(List.of("bogus"), ConfigForm.fromQuery(ridge, Map.of("bogus", List.of("1"))).ignored());
    }

    @Test
    void toConfigUnwrapsTheRecordsOwnException() {
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) Json.tree(FakeRidgeConfig.defaults());
        tree.put("cvFolds", 1);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigForm.toConfig(FakeRidgeConfig.class, tree));
        assertEquals("cvFolds", e.field());
        tree.put("cvFolds", 5).put("surprise", 1);
        assertThrows(ConfigException.class, () -> ConfigForm.toConfig(FakeRidgeConfig.class, tree), "unknown keys are rejected");
    }

    @Test
    void numbersAreWrittenShortAndExact() {
        assertEquals("1e-6", ConfigForm.number(1e-6));
        assertEquals("0.001", ConfigForm.number(1e-3));
        assertEquals("200", ConfigForm.number(200.0));
        assertEquals("1.5e20", ConfigForm.number(1.5e20));
        assertEquals(0.1 + 0.2, Double.parseDouble(ConfigForm.number(0.1 + 0.2)), 0.0);
    }

    @Test
    void permalinkRoundTripsThroughTheQueryBinder() {
        FakeTinyLab tiny = new FakeTinyLab();
        ConfigForm.Bound b = ConfigForm.fromQuery(tiny, Map.of("widths", List.of("0.5, 1e-3"), "mode", List.of("slow"),
                "verbose", List.of("true")));
        String link = ConfigForm.permalink("tiny", b.values());
        assertEquals("/labs/tiny?steps=10&rate=0.5&widths=0.5,0.001&verbose=true&mode=slow&seed=3", link);
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        for (String kv : link.substring(link.indexOf('?') + 1).split("&")) {
            String[] p = kv.split("=", 2);
            params.put(p[0], List.of(java.net.URLDecoder.decode(p[1], java.nio.charset.StandardCharsets.UTF_8)));
        }
        assertEquals(b.config(), ConfigForm.fromQuery(tiny, params).config());
        assertEquals("a%20b%26c%3D%C3%A9", ConfigForm.enc("a b&c=é"));
    }
}

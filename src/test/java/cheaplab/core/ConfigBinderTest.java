package cheaplab.core;

import cheaplab.testlabs.CountingLab;
import cheaplab.testlabs.CountingLab.Config;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ConfigBinderTest {
    private final CountingLab lab = new CountingLab();

    private static JsonNode json(String s) throws Exception {
        return Json.MAPPER.readTree(s);
    }

    private Config bind(String s) throws Exception {
        return ConfigBinder.bind(lab, json(s));
    }

    private ConfigException refused(String s) {
        return assertThrows(ConfigException.class, () -> bind(s));
    }

    @Test
    void missingKeysTakeTheDefaults() throws Exception {
        assertEquals(lab.defaults(), bind("{}"));
        assertEquals(lab.defaults(), ConfigBinder.bind(lab, null));
        Config c = bind("{\"points\": 5, \"rates\": [0.5]}");
        assertEquals(5, c.points());
        assertEquals(List.of(0.5), c.rates());
        assertEquals(lab.defaults().scale(), c.scale());
        assertEquals(lab.defaults().seed(), c.seed());
        assertEquals(lab.defaults().mode(), c.mode());
    }

    @Test
    void everyFieldCanBeGiven() throws Exception {
        Config c = bind("{\"points\":3,\"scale\":2.5,\"rates\":[1,2e-3],\"sizes\":[4],\"noisy\":false,"
                + "\"label\":\"x\",\"mode\":\"MEAN\",\"seed\":-9007199254740993}");
        assertEquals(new Config(3, 2.5, List.of(1.0, 2e-3), List.of(4), false, "x", CountingLab.Mode.MEAN, -9007199254740993L), c);
    }

    @Test
    void unknownKeyIsRefusedByName() {
        ConfigException e = refused("{\"pionts\": 5}");
        assertEquals("pionts", e.field());
        assertTrue(e.reason().contains("unknown field"), e.getMessage());
        assertTrue(e.reason().contains("points"), "lists the real fields: " + e.getMessage());
    }

    @Test
    void wrongShapesNameTheField() {
        assertEquals("points", refused("{\"points\": \"5\"}").field());
        assertTrue(refused("{\"points\": \"5\"}").reason().contains("must be an integer"));
        assertEquals("scale", refused("{\"scale\": \"NaN\"}").field());
        assertTrue(refused("{\"scale\": \"1.5\"}").reason().contains("must be a number, was the string \"1.5\""));
        assertEquals("points", refused("{\"points\": 1.5}").field());
        assertEquals("points", refused("{\"points\": true}").field());
        assertEquals("noisy", refused("{\"noisy\": 1}").field());
        assertEquals("noisy", refused("{\"noisy\": \"true\"}").field());
        assertEquals("label", refused("{\"label\": 5}").field());
        assertEquals("label", refused("{\"label\": [\"a\"]}").field());
        assertEquals("mode", refused("{\"mode\": \"median\"}").field());
        assertTrue(refused("{\"mode\": \"median\"}").reason().contains("SUM, MEAN"));
        assertEquals("mode", refused("{\"mode\": 1}").field());
        assertEquals("scale", refused("{\"scale\": {\"a\": 1}}").field());
    }

    @Test
    void malformedListsNameTheFieldAndEntry() {
        ConfigException notList = refused("{\"rates\": 0.1}");
        assertEquals("rates", notList.field());
        assertTrue(notList.reason().contains("must be a list"), notList.getMessage());
        ConfigException entry = refused("{\"rates\": [0.1, \"x\"]}");
        assertEquals("rates", entry.field());
        assertTrue(entry.reason().startsWith("value #2"), entry.getMessage());
        assertEquals("sizes", refused("{\"sizes\": [1, 2.5]}").field());
        assertEquals("sizes", refused("{\"sizes\": [[1]]}").field());
        // a null entry reaches the record, which names it
        ConfigException missing = refused("{\"rates\": [0.1, null]}");
        assertEquals("rates", missing.field());
        assertTrue(missing.reason().contains("#2"), missing.getMessage());
        assertEquals("rates", refused("{\"rates\": []}").field());
        assertEquals("rates", refused("{\"rates\": null}").field());
    }

    @Test
    void integralFloatsAreIntegers() throws Exception {
        assertEquals(1000, bind("{\"points\": 1e3}").points());
        assertEquals(20, bind("{\"points\": 20.0}").points());
        assertEquals(List.of(100, 5), bind("{\"sizes\": [1e2, 5.0]}").sizes());
        assertEquals(1234567890123L, bind("{\"seed\": 1234567890123}").seed());
    }

    @Test
    void hugeAndOverflowingIntegersAreRefused() {
        ConfigException over = refused("{\"points\": 3000000000}");
        assertEquals("points", over.field());
        assertTrue(over.reason().contains("[-2147483648, 2147483647]"), over.getMessage());
        assertEquals("points", refused("{\"points\": 1e300}").field());
        assertEquals("seed", refused("{\"seed\": 1e30}").field());
        assertEquals("points", refused("{\"points\": 2000000}").field()); // range check of the record
    }

    @Test
    void nullForAPrimitiveIsRefused() {
        ConfigException e = refused("{\"points\": null}");
        assertEquals("points", e.field());
        assertTrue(e.reason().contains("required"), e.getMessage());
        assertEquals("label", refused("{\"label\": null}").field()); // boxed: the record's Check.required
    }

    @Test
    void compactConstructorExceptionsPassThrough() {
        ConfigException neg = refused("{\"scale\": -1}");
        assertEquals("scale", neg.field());
        assertEquals("must be > 0, was -1.0", neg.reason());
        ConfigException huge = refused("{\"scale\": 1e9}");
        assertEquals("scale", huge.field());
        ConfigException rate = refused("{\"rates\": [1, 2000]}");
        assertEquals("rates", rate.field());
        assertTrue(rate.reason().contains("#2"));
    }

    @Test
    void nonObjectsAreMalformed() {
        for (String s : new String[]{"[]", "5", "\"x\"", "true"}) {
            MalformedConfigException e = assertThrows(MalformedConfigException.class, () -> bind(s));
            assertTrue(e.getMessage().contains("JSON object"), e.getMessage());
        }
    }

    @Test
    void withoutDefaultsEveryFieldIsNeeded() throws Exception {
        record Small(int a, double b) {}
        assertEquals(new Small(1, 2.0), ConfigBinder.bind(Small.class, null, json("{\"a\":1,\"b\":2}")));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigBinder.bind(Small.class, null, json("{\"a\":1}")));
        assertEquals("b", e.field());
    }

    @Test
    void otherConstructorExceptionsBecomeConfigExceptions() throws Exception {
        record Picky(List<Integer> xs) {
            Picky {
                xs = List.copyOf(xs); // NPE on null
                if (xs.size() > 2) throw new IllegalArgumentException("too many");
            }
        }
        ConfigException npe = assertThrows(ConfigException.class, () -> ConfigBinder.bind(Picky.class, null, json("{\"xs\": null}")));
        assertNotNull(npe.field());
        ConfigException iae = assertThrows(ConfigException.class, () -> ConfigBinder.bind(Picky.class, null, json("{\"xs\": [1,2,3]}")));
        assertTrue(iae.getMessage().contains("too many"), iae.getMessage());
    }

    @Test
    void mergeKeepsRecordOrderAndCanonicalValues() throws Exception {
        var merged = ConfigBinder.merge(Config.class, lab.defaults(), json("{\"seed\": 3, \"points\": 1e1}"));
        assertEquals(ConfigField.names(Config.class), iterable(merged.fieldNames()));
        assertTrue(merged.get("points").isInt());
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> l = new java.util.ArrayList<>();
        it.forEachRemaining(l::add);
        return l;
    }
}

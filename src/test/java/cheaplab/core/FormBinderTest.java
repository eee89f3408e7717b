package cheaplab.core;

import cheaplab.testlabs.CountingLab;
import cheaplab.testlabs.CountingLab.Config;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class FormBinderTest {
    private final CountingLab lab = new CountingLab();

    private static Map<String, List<String>> form(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.computeIfAbsent(kv[i], k -> new java.util.ArrayList<>()).add(kv[i + 1]);
        return m;
    }

    private Config bind(String... kv) {
        return FormBinder.bind(lab, form(kv));
    }

    private ConfigException refused(String... kv) {
        return assertThrows(ConfigException.class, () -> bind(kv));
    }

    @Test
    void emptyFormIsTheDefaults() {
        assertEquals(lab.defaults(), bind());
    }

    @Test
    void numbersIntegersStringsAndEnums() {
        Config c = bind("points", " 12 ", "scale", "2.5e-1", "label", "  hello world ", "mode", "MEAN", "seed", "-3");
        assertEquals(12, c.points());
        assertEquals(0.25, c.scale());
        assertEquals("hello world", c.label());
        assertEquals(CountingLab.Mode.MEAN, c.mode());
        assertEquals(-3L, c.seed());
        assertEquals(1000, bind("points", "1e3").points());
        assertEquals(7, bind("points", "7.0").points());
        assertEquals(0.5, bind("scale", ".5").scale());
        assertEquals(5.0, bind("scale", "+5.").scale());
    }

    @Test
    void listsFromOneFieldOrRepeatedFields() {
        assertEquals(List.of(1e-3, 0.1), bind("rates", "1e-3, 0.1").rates());
        assertEquals(List.of(1e-3, 0.1, 1.0), bind("rates", "1e-3 0.1;1").rates());
        assertEquals(List.of(1e-3, 0.1, 1.0), bind("rates", "  1e-3,,0.1 ,\t1 ").rates());
        assertEquals(List.of(0.5, 2.0), bind("rates", "0.5", "rates", "2").rates());
        assertEquals(List.of(10, 1000), bind("sizes", "10, 1e3").sizes());
    }

    @Test
    void badListEntriesNameFieldAndPosition() {
        ConfigException e = refused("rates", "0.1, abc");
        assertEquals("rates", e.field());
        assertEquals("value #2 must be a number, was 'abc'", e.reason());
        ConfigException i = refused("sizes", "1, 2.5");
        assertEquals("sizes", i.field());
        assertTrue(i.reason().startsWith("value #2 must be an integer"), i.getMessage());
        ConfigException empty = refused("rates", " ");
        assertEquals("rates", empty.field()); // the record: 1 to 10 values
        assertEquals("rates", refused("rates", "1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11").field());
    }

    @Test
    void badScalarsNameTheField() {
        assertEquals("must be a number, was 'abc'", refused("scale", "abc").reason());
        assertEquals("must be a number, was '1d'", refused("scale", "1d").reason()); // Java would parse it; we do not
        assertEquals("is required", refused("scale", "").reason());
        assertEquals("is required", refused("points", "  ").reason());
        assertEquals("points", refused("points", "1.5").field());
        assertEquals("points", refused("points", "0x10").field());
        assertEquals("points", refused("points", "3000000000").field());
        assertEquals("points", refused("points", "2", "points", "3").field());
        assertEquals("mode", refused("mode", "median").field());
    }

    @Test
    void nonFiniteNumbersReachTheRecordAndAreRefusedThere() {
        for (String s : new String[]{"NaN", "nan", "Infinity", "-inf", "+Infinity"}) {
            ConfigException e = refused("scale", s);
            assertEquals("scale", e.field(), s);
            assertTrue(e.reason().contains("finite"), e.getMessage());
        }
        assertEquals("rates", refused("rates", "0.1, NaN").field());
    }

    @Test
    void unknownFieldsAreRefusedAndControlFieldsIgnored() {
        ConfigException e = refused("point", "3");
        assertEquals("point", e.field());
        assertTrue(e.reason().contains("unknown field"));
        assertEquals(lab.defaults(), bind("_csrf", "x", "_submit", "run"));
    }

    @Test
    void checkboxes() {
        // default of noisy is true
        assertTrue(lab.defaults().noisy());
        // a permalink without the key keeps the default
        assertTrue(bind("points", "3").noisy());
        // a form declaring the checkbox: absent = unchecked
        assertFalse(bind(FormBinder.CHECKBOXES, "noisy").noisy());
        assertTrue(bind(FormBinder.CHECKBOXES, "noisy", "noisy", "on").noisy());
        // hidden-input idiom: false, then the checkbox's value when checked
        assertFalse(bind("noisy", "false").noisy());
        assertTrue(bind("noisy", "false", "noisy", "on").noisy());
        for (String t : new String[]{"on", "true", "TRUE", "1", "yes"}) assertTrue(bind("noisy", t).noisy(), t);
        for (String f : new String[]{"off", "false", "0", "no"}) assertFalse(bind("noisy", f).noisy(), f);
        assertEquals("noisy", refused("noisy", "maybe").field());
        assertEquals("points", refused(FormBinder.CHECKBOXES, "points").field());
        assertEquals("nosiy", refused(FormBinder.CHECKBOXES, "nosiy").field());
    }

    @Test
    void permalinkRoundTripsExactly() {
        List<Config> configs = List.of(
                lab.defaults(),
                new Config(1, 1e-300 * 1e300 * 3.3, List.of(1e-6, 0.1, 1.0, 0.30000000000000004, 123.456, 1e3), List.of(1, 99999),
                        false, "commas, spaces & ampersands=+%/?é", CountingLab.Mode.MEAN, Long.MIN_VALUE),
                new Config(0, 999999.999999, List.of(0.0), List.of(7), true, "", CountingLab.Mode.SUM, Long.MAX_VALUE));
        for (Config c : configs) {
            String q = FormBinder.toQuery(c);
            Map<String, List<String>> parsed = FormBinder.parseQuery("?" + q);
            assertEquals(ConfigField.names(Config.class), List.copyOf(parsed.keySet()), q);
            assertEquals(c, FormBinder.bind(lab, parsed), q);
        }
    }

    @Test
    void permalinkIsReadable() {
        String q = FormBinder.toQuery(lab.defaults());
        assertTrue(q.startsWith("points=100&scale=1&rates=0.001,0.1&sizes=10,20&noisy=true&label=a,%20%22quoted%22%20label&mode=SUM&seed=7"), q);
    }

    @Test
    void numbersAreShortAndExact() {
        assertEquals("1", FormBinder.number(1.0));
        assertEquals("1000", FormBinder.number(1000.0));
        assertEquals("0.001", FormBinder.number(1e-3));
        assertEquals("1e-7", FormBinder.number(1e-7));
        assertEquals("1e20", FormBinder.number(1e20));
        assertEquals("1.5e20", FormBinder.number(1.5e20));
        assertEquals("1e-6", FormBinder.number(1e-6));
        assertEquals("-2.5e-7", FormBinder.number(-2.5e-7));
        assertEquals("0.0001", FormBinder.number(1e-4));
        assertEquals("0", FormBinder.number(-0.0));
        assertEquals("-2.5", FormBinder.number(-2.5));
        for (double d : new double[]{Math.PI, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2, -0.0 + 0, 123456789.123})
            assertEquals(d, Double.parseDouble(FormBinder.number(d)), 0.0);
    }

    @Test
    void encodingKeepsUnreservedCharactersAndCommas() {
        assertEquals("a%20b%26c%3D%C3%A9,-._~", FormBinder.encode("a b&c=é,-._~"));
    }

    // ---- lenient binding of a lab page's query: FormBinder.fill / show / values

    private FilledForm<Config> fill(String... kv) {
        return FormBinder.fill(lab, form(kv));
    }

    @Test
    void fillKeepsDefaultsForWhatTheQueryDoesNotNameAndShowsCanonicalValues() {
        FilledForm<Config> f = fill("points", "300", "rates", "1e-3; 0.1  1");
        assertTrue(f.valid());
        assertEquals(300, f.config().points());
        assertEquals(List.of(1e-3, 0.1, 1.0), f.config().rates());
        assertEquals(lab.defaults().sizes(), f.config().sizes());
        assertTrue(f.config().noisy(), "an absent boolean keeps its default in a query");
        assertEquals("0.001, 0.1, 1", f.values().get("rates"));
        assertEquals("300", f.values().get("points"));
        assertEquals("10, 20", f.values().get("sizes"));
        assertEquals(ConfigField.names(Config.class), List.copyOf(f.values().keySet()), "every field, in record order");
        assertEquals(lab.defaults(), fill().config());
        // A form that declares its checkboxes: absent = unchecked, as in toJson.
        assertFalse(fill(FormBinder.CHECKBOXES, "noisy").config().noisy());
        assertEquals("false", fill(FormBinder.CHECKBOXES, "noisy").values().get("noisy"));
        assertTrue(fill(FormBinder.CHECKBOXES, "noisy", "noisy", "on").config().noisy());
    }

    @Test
    void fillReportsEveryWrongFieldWithItsTextAsGivenAndNeverThrows() {
        FilledForm<Config> f = fill("sizes", "100, 2x0", "scale", "-1", "points", "abc", "label", "ok");
        assertNull(f.config());
        assertFalse(f.valid());
        assertEquals("value #2 must be an integer, was '2x0'", f.errors().get("sizes"));
        assertEquals("must be an integer, was 'abc'", f.errors().get("points"));
        assertTrue(f.errors().get("scale").contains("-1"), "the record's own check: " + f.errors());
        assertEquals(List.of("sizes", "points", "scale"), List.copyOf(f.errors().keySet()), "parse errors first, then the record's");
        assertEquals("100, 2x0", f.values().get("sizes"), "shown as given, so it can be fixed");
        assertEquals("-1", f.values().get("scale"));
        assertEquals("abc", f.values().get("points"));
        assertEquals("ok", f.values().get("label"));
        assertEquals("scale", fill("scale", "NaN").errors().keySet().iterator().next());
        assertEquals(List.of("noisy"), List.copyOf(fill("noisy", "maybe").errors().keySet()));
        assertEquals(List.of("mode"), List.copyOf(fill("mode", "median").errors().keySet()));
    }

    @Test
    void fillIgnoresUnknownParametersAndControlFields() {
        FilledForm<Config> f = fill("utm_source", "mail", "points", "5", "_submit", "run", "pionts", "6");
        assertTrue(f.valid(), f.errors().toString());
        assertEquals(5, f.config().points());
        assertEquals(List.of("utm_source", "pionts"), f.ignored());
    }

    @Test
    void permalinkOfAFilledFormGivesTheSameConfigBack() {
        FilledForm<Config> f = fill("rates", "0.5, 1e-3", "mode", "MEAN", "noisy", "false", "label", "x & y");
        Map<String, List<String>> again = FormBinder.parseQuery(FormBinder.toQuery(f.config()));
        assertEquals(f.config(), FormBinder.fill(lab, again).config());
        assertEquals(f.values(), FormBinder.fill(lab, again).values());
        assertTrue(FormBinder.toQuery(f.config()).contains("noisy=false"), "booleans are explicit in a permalink");
    }

    @Test
    void showRendersAStoredConfigAndSurvivesOneTheRecordNowRefuses() throws Exception {
        FilledForm<Config> ok = FormBinder.show(lab, Json.tree(new Config(3, 0.25, List.of(1e-6), List.of(4), false, "l", CountingLab.Mode.MEAN, 9)));
        assertTrue(ok.valid());
        assertEquals("1e-6", ok.values().get("rates"));
        assertEquals("0.25", ok.values().get("scale"));
        assertEquals("false", ok.values().get("noisy"));
        FilledForm<Config> old = FormBinder.show(lab, Json.MAPPER.readTree("{\"points\": -4, \"retired\": 1}"));
        assertNull(old.config());
        assertEquals("-4", old.values().get("points"));
        assertTrue(old.errors().containsKey("points"), old.errors().toString());
        assertEquals(List.of("retired"), old.ignored());
    }

    @Test
    void parseQueryDecodes() {
        Map<String, List<String>> m = FormBinder.parseQuery("a=1&b=x+y&b=%C3%A9%2C&c&=z&&d=");
        assertEquals(List.of("1"), m.get("a"));
        assertEquals(List.of("x y", "é,"), m.get("b"));
        assertEquals(List.of(""), m.get("c"));
        assertEquals(List.of(""), m.get("d"));
        assertEquals(List.of("z"), m.get(""));
        assertTrue(FormBinder.parseQuery(null).isEmpty());
    }
}

package cheaplab.web;

import cheaplab.core.FilledForm;
import cheaplab.core.FormBinder;
import cheaplab.core.Json;
import cheaplab.core.Knob;
import cheaplab.core.KnobSpec;
import cheaplab.core.Knobs;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static cheaplab.web.PageRoutesTest.inputValue;
import static cheaplab.web.PageRoutesTest.selected;
import static cheaplab.web.PageRoutesTest.tag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A toy config record with @Knob metadata gets a complete form from fragments/knobs.html: every field, its label
 * tied to it, its range from the spec, its hint and error slot referenced by aria-describedby, unique ids.
 */
class KnobFormTest {

    record Toy(@Knob(label = "Points <var>n</var>", min = 2, max = 500, hint = "More is slower.", unit = "points") int points,
               @Knob(label = "Rate", min = 0, max = 0.5) double rate,
               @Knob(label = "Data set", choices = {"a=Alpha", "b=Beta"}) String dataset,
               @Knob(label = "Sizes", min = 0, max = 100_000, maxValues = 3, rows = 2) List<Integer> sizes,
               @Knob(label = "Width", showFor = "b", min = 1, max = 9) int width,
               @Knob(label = "Verbose output") boolean verbose,
               long seed) {
        Toy {
            Knobs.range(Toy.class, "points", points);
            Knobs.range(Toy.class, "rate", rate);
            Knobs.oneOf(Toy.class, "dataset", dataset);
            sizes = Knobs.ints(Toy.class, "sizes", sizes, 100_000);
            Knobs.range(Toy.class, "width", width);
        }
    }

    private static String render(Toy toy, Map<String, String> errors) {
        Map<String, String> values = FormBinder.values(Toy.class, Json.tree(toy));
        FilledForm<Toy> form = new FilledForm<>(values, errors.isEmpty() ? toy : null, errors, List.of());
        Map<String, Object> model = new HashMap<>();
        model.put("knobs", KnobModel.of(Toy.class, form));
        model.put("fieldErrors", errors);
        model.put("values", values);
        return new ThymeleafRenderer(false).render("fragments/knobs :: all", model);
    }

    @Test
    void everyFieldIsRenderedWithItsRangeLabelHintAndErrorSlot() {
        String html = render(new Toy(20, 0.25, "a", List.of(1, 2), 3, true, 7), Map.of());
        Set<String> ids = new HashSet<>();
        Matcher id = Pattern.compile("\\bid=\"([^\"]+)\"").matcher(html);
        while (id.find()) assertTrue(ids.add(id.group(1)), "duplicate id " + id.group(1));
        for (KnobSpec k : KnobSpec.of(Toy.class).values()) {
            String t = tag(html, k.name());
            assertTrue(t.contains("id=\"f-" + k.name() + "\""), t);
            assertTrue(html.contains("<label for=\"f-" + k.name() + "\""), "a label for " + k.name());
            assertTrue(html.contains("id=\"" + k.name() + "-error\""), "error slot of " + k.name());
            assertTrue(t.contains("aria-describedby=\"" + k.name() + "-error"), t);
            if (k.hasMax() && !k.kind().equals("list")) {
                assertTrue(t.contains("type=\"number\""), t);
                assertTrue(t.contains("min=\"" + k.minAttr() + "\""), t);
                assertTrue(t.contains("max=\"" + k.maxAttr() + "\""), t);
                assertTrue(t.contains("step=\"" + k.stepAttr() + "\""), t);
            }
        }
        assertEquals("20", inputValue(html, "points"));
        assertTrue(html.contains("Points <var>n</var>"), "the label's markup is kept");
        assertTrue(html.contains("<span class=\"unit\"> (points)</span>"));
        assertTrue(tag(html, "points").contains("aria-describedby=\"points-error points-hint\""));
        assertTrue(html.contains("id=\"points-hint\">More is slower.</p>"));
        assertTrue(tag(html, "rate").contains("step=\"any\""));
        assertEquals("a", selected(html, "dataset"));
        assertTrue(tag(html, "dataset").contains("data-dataset-select"), "main.js shows and hides knobs by it");
        assertTrue(html.contains(">Beta</option>"));
        assertEquals("1, 2", inputValue(html, "sizes"));
        assertTrue(tag(html, "sizes").startsWith("<textarea"));
        assertTrue(html.contains("Each 0 to 100\u00a0000, at most 3 values."), "a list's range in words");
        assertTrue(Pattern.compile("data-show-for=\"b\" hidden").matcher(html).find(), "width hidden for data set a");
        assertTrue(tag(html, "verbose").contains("type=\"checkbox\"") && tag(html, "verbose").contains("checked"));
        assertTrue(tag(html, "seed").contains("type=\"number\"") && !tag(html, "seed").contains("max="), "no range: none shown");
        assertFalse(tag(html, "points").contains("aria-invalid=\"true\""));
    }

    @Test
    void aWrongFieldIsMarkedAndItsMessageShown() {
        String html = render(new Toy(20, 0.25, "a", List.of(1), 3, false, 7), Map.of("points", "must be an integer in [2, 500], was 1"));
        assertTrue(tag(html, "points").contains("aria-invalid=\"true\""));
        assertTrue(html.contains("id=\"points-error\" data-error-for=\"points\">must be an integer in [2, 500], was 1</p>"), html);
    }
}

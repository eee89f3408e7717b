package cheaplab.lab;

import cheaplab.core.Cost;
import cheaplab.core.FormBinder;
import cheaplab.core.KnobSpec;
import cheaplab.core.Lab;
import cheaplab.core.Preset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every lab's work estimate (Lab.cost, what the run-time model scales): positive and finite for the defaults and
 * every preset, naming real knobs, and growing with the first knob it names (a config of a larger value costs more),
 * so a refusal's advice to make that knob smaller is right. Labs without a model are skipped.
 */
class LabCostTest {
    @Test
    void everyModelIsPositiveNamesRealKnobsAndGrowsWithItsFirstKnob() {
        int models = 0;
        for (Lab<?, ?> lab : cheaplab.App.labs().all()) models += check(lab);
        assertTrue(models >= 6, "ridge, rbm, ising, hopfield, mlp and vrg have a model: " + models);
    }

    private static <C extends Record> int check(Lab<C, ?> lab) {
        List<C> configs = new ArrayList<>(List.of(lab.defaults()));
        for (Preset p : lab.presets()) {
            Map<String, List<String>> form = new LinkedHashMap<>();
            p.values().forEach((k, v) -> form.put(k, List.of(v)));
            configs.add(FormBinder.bind(lab, form));
        }
        Cost base = lab.cost(lab.defaults());
        if (base == null) return 0;
        for (C c : configs) {
            Cost cost = lab.cost(c);
            assertTrue(cost.work() > 0 && Double.isFinite(cost.work()), lab.id() + ": " + cost);
            for (String k : cost.knobs()) assertTrue(KnobSpec.of(lab.configType()).containsKey(k), lab.id() + " names " + k);
        }
        // The defaults with the first knob made larger (a number doubled, a list given one more, larger element).
        String knob = base.knobs().get(0);
        Map<String, String> values = new LinkedHashMap<>(FormBinder.values(lab.configType(), cheaplab.core.Json.tree(lab.defaults())));
        String v = values.get(knob);
        String larger;
        if (v.contains(",") || KnobSpec.of(lab.configType()).get(knob).kind().equals("list")) {
            String[] parts = v.split("\\s*,\\s*");
            larger = v + ", " + parts[parts.length - 1];
        } else {
            larger = String.valueOf(Long.parseLong(v) * 2);
        }
        Map<String, List<String>> form = new LinkedHashMap<>();
        values.forEach((k, x) -> form.put(k, List.of(x)));
        form.put(knob, List.of(larger));
        if (!FormBinder.fill(lab, form).valid()) return 1; // the doubled value is out of range: nothing to compare
        C bigger = FormBinder.bind(lab, form);
        assertTrue(lab.cost(bigger).work() > base.work(), lab.id() + ": more " + knob + " (" + larger + ") costs more");
        return 1;
    }
}

package cheaplab.lab;

import cheaplab.core.FormBinder;
import cheaplab.core.KnobSpec;
import cheaplab.core.Lab;
import cheaplab.core.Preset;
import cheaplab.lab.rbm.RbmLab;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every preset a lab declares names only its config's fields and gives a valid config on the defaults. */
class PresetsTest {

    @Test
    void everyPresetIsAValidSettingOfRealFields() {
        for (Lab<?, ?> lab : cheaplab.App.labs().all()) check(lab);
    }

    @Test
    void theRbmPresetsAreTheThreeTrainingRules() {
        List<Preset> p = new RbmLab().presets();
        assertEquals(List.of("cd1", "cd10", "pcd"), p.stream().map(Preset::name).toList());
        assertEquals("k=10 persistent=false", p.get(1).dataSet());
    }

    private static <C extends Record> void check(Lab<C, ?> lab) {
        Set<String> names = new HashSet<>();
        for (Preset p : lab.presets()) {
            assertTrue(names.add(p.name()), "unique preset name " + p.name());
            assertFalse(p.values().isEmpty());
            for (String field : p.values().keySet())
                assertTrue(KnobSpec.of(lab.configType()).containsKey(field), lab.id() + " preset " + p.name() + ": " + field);
            Map<String, List<String>> form = new java.util.LinkedHashMap<>();
            p.values().forEach((k, v) -> form.put(k, List.of(v)));
            C c = FormBinder.bind(lab, form);
            assertTrue(FormBinder.fill(lab, form).valid(), lab.id() + " preset " + p.name() + " → " + c);
        }
    }
}

package cheaplab.workshop;

import cheaplab.core.ConfigBinder;
import cheaplab.core.ConfigException;
import cheaplab.core.FilledForm;
import cheaplab.core.FormBinder;
import cheaplab.core.Json;
import cheaplab.core.KnobSpec;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.MalformedConfigException;
import cheaplab.core.Outcome;
import cheaplab.core.Preset;
import cheaplab.core.UnknownLabException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A workshop as an instructor writes it, parsed and checked against the labs: {@code {"title", "steps": [{"title",
 * "lab", "preset", "config", "locked", "hidden", "prompt", "prediction": {"kind", "label", "choices"}, "outcome"}]}}.
 * Every step's config is bound exactly as a run's would be (its preset, then {@code config} over the lab's
 * defaults), so a step that would be refused as a run is refused here, with the field named
 * ({@code steps[1].config.lambda: …}).
 */
public record WorkshopPlan(String title, List<WorkshopStep> steps) {
    public static final int MAX_STEPS = 20;
    public static final int MAX_TITLE = 120;
    public static final int MAX_PROMPT = 2000;
    private static final Set<String> PLAN_KEYS = Set.of("title", "steps");
    private static final Set<String> STEP_KEYS = Set.of("title", "lab", "preset", "config", "locked", "hidden",
            "prompt", "prediction", "outcome");

    public WorkshopPlan {
        steps = List.copyOf(steps);
    }

    /** Parses and checks a plan. @throws ConfigException naming the field; MalformedConfigException for non-objects */
    public static WorkshopPlan parse(JsonNode json, LabCatalog labs) {
        if (json == null || !json.isObject()) throw new MalformedConfigException("a workshop is a JSON object {\"title\", \"steps\"}");
        unknownKeys(json, PLAN_KEYS, "");
        String title = text(json, "title", "title", MAX_TITLE, true);
        JsonNode steps = json.path("steps");
        if (!steps.isArray() || steps.isEmpty() || steps.size() > MAX_STEPS)
            throw new ConfigException("steps", "must be a list of 1 to " + MAX_STEPS + " steps");
        List<WorkshopStep> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) out.add(step(steps.get(i), "steps[" + i + "]", labs));
        return new WorkshopPlan(title, out);
    }

    private static WorkshopStep step(JsonNode s, String at, LabCatalog labs) {
        if (!s.isObject()) throw new ConfigException(at, "each step is an object {\"lab\", \"prompt\", …}");
        unknownKeys(s, STEP_KEYS, at + ".");
        String labId = text(s, "lab", at + ".lab", 40, true);
        Lab<?, ?> lab;
        try {
            lab = labs.get(labId);
        } catch (UnknownLabException e) {
            throw new ConfigException(at + ".lab", "no lab called \"" + cheaplab.core.Excerpt.of(labId) + "\"; the labs are "
                    + String.join(", ", labs.all().stream().map(Lab::id).toList()));
        }
        JsonNode config = config(lab, s, at);
        Set<String> fields = KnobSpec.of(lab.configType()).keySet();
        List<String> locked = names(s, "locked", at, fields);
        List<String> hidden = names(s, "hidden", at, fields);
        String prompt = text(s, "prompt", at + ".prompt", MAX_PROMPT, true);
        String title = s.has("title") ? text(s, "title", at + ".title", MAX_TITLE, true) : lab.title();
        PredictionSpec prediction = null;
        if (s.hasNonNull("prediction")) {
            JsonNode p = s.get("prediction");
            if (!p.isObject()) throw new ConfigException(at + ".prediction", "must be {\"kind\", \"label\", \"choices\"}");
            unknownKeys(p, Set.of("kind", "label", "choices"), at + ".prediction.");
            List<String> choices = new ArrayList<>();
            if (p.has("choices")) {
                if (!p.get("choices").isArray()) throw new ConfigException(at + ".prediction.choices", "must be a list of texts");
                for (JsonNode c : p.get("choices")) {
                    if (!c.isTextual()) throw new ConfigException(at + ".prediction.choices", "must be a list of texts");
                    choices.add(c.asText());
                }
            }
            prediction = new PredictionSpec(p.path("kind").asText(null), p.path("label").asText(null), choices);
            prediction.check(at + ".prediction");
        }
        String outcome = null;
        if (s.hasNonNull("outcome")) {
            outcome = s.get("outcome").asText();
            List<String> known = lab.outcomes().stream().map(Outcome::name).toList();
            if (!known.contains(outcome))
                throw new ConfigException(at + ".outcome", known.isEmpty() ? "the lab " + lab.id() + " has no outcomes"
                        : "must be one of " + String.join(", ", known) + " (the lab " + lab.id() + "'s outcomes)");
        }
        return new WorkshopStep(title, lab.id(), config, locked, hidden, prompt, prediction, outcome);
    }

    /** The step's full config: the preset's values over the defaults, then {@code config} over that, bound and checked. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonNode config(Lab lab, JsonNode s, String at) {
        Record base = lab.defaults();
        if (s.hasNonNull("preset")) {
            String name = s.get("preset").asText();
            Preset preset = ((List<Preset>) lab.presets()).stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new ConfigException(at + ".preset", "the lab " + lab.id() + " has no preset \""
                            + cheaplab.core.Excerpt.of(name) + "\"; it has " + String.join(", ",
                            ((List<Preset>) lab.presets()).stream().map(Preset::name).toList())));
            Map<String, List<String>> form = new LinkedHashMap<>();
            preset.values().forEach((k, v) -> form.put(k, List.of(v)));
            FilledForm<?> filled = FormBinder.fill(lab, form);
            if (!filled.valid()) throw new ConfigException(at + ".preset", "preset " + name + " does not bind: " + filled.errors());
            base = filled.config();
        }
        JsonNode given = s.path("config");
        if (given.isMissingNode() || given.isNull()) return Json.tree(base);
        if (!given.isObject()) throw new ConfigException(at + ".config", "must be an object of the lab's fields");
        try {
            return Json.tree(ConfigBinder.bind(lab.configType(), base, given));
        } catch (ConfigException e) {
            throw new ConfigException(at + ".config." + e.field(), e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
        }
    }

    private static List<String> names(JsonNode s, String key, String at, Set<String> fields) {
        List<String> out = new ArrayList<>();
        JsonNode n = s.path(key);
        if (n.isMissingNode() || n.isNull()) return out;
        if (!n.isArray()) throw new ConfigException(at + "." + key, "must be a list of field names");
        for (JsonNode f : n) {
            if (!f.isTextual() || !fields.contains(f.asText()))
                throw new ConfigException(at + "." + key, "\"" + cheaplab.core.Excerpt.of(f.asText()) + "\" is not a field of this lab; its fields are "
                        + String.join(", ", fields));
            if (!out.contains(f.asText())) out.add(f.asText());
        }
        return out;
    }

    private static String text(JsonNode o, String key, String field, int max, boolean required) {
        JsonNode n = o.path(key);
        if (!n.isTextual() || n.asText().isBlank()) {
            if (!required && (n.isMissingNode() || n.isNull())) return null;
            throw new ConfigException(field, "must be a text of 1 to " + max + " characters");
        }
        String t = n.asText().strip();
        if (t.length() > max) throw new ConfigException(field, "must be at most " + max + " characters, was " + t.length());
        return t;
    }

    private static void unknownKeys(JsonNode o, Set<String> allowed, String prefix) {
        o.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k))
                throw new ConfigException(prefix + k, "unknown key; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
        });
    }
}

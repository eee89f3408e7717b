package cheaplab.core;

import java.util.List;

/**
 * One experiment of the laboratory. Implementations are pure: they take a validated config, a seeded
 * random source (through {@link RunContext#seed()}) and a progress sink, and return an immutable,
 * JSON-serialisable result. They know nothing of HTTP, WebSockets, templates or the database.
 *
 * <p>Config records validate in their compact constructor and throw {@link ConfigException} naming the
 * offending record component; record component names are also the JSON keys, form fields and query
 * parameters, so a lab page URL with query parameters re-creates the same config (seed included).
 *
 * @param <C> config record
 * @param <R> result record
 */
public interface Lab<C extends Record, R extends Record> {

    /** URL-safe identifier, e.g. {@code ridge}. */
    String id();

    /** Human title, e.g. "Regularization". */
    String title();

    /** One sentence for the home page. */
    String summary();

    Class<C> configType();

    /** A config that runs in seconds and shows the lab's phenomenon. */
    C defaults();

    /**
     * Named settings of some knobs that the lab page offers in a preset selector (each must give a valid config
     * when applied to the defaults); none by default.
     */
    default java.util.List<Preset> presets() {
        return java.util.List.of();
    }

    /**
     * Runs the experiment. Long loops call {@link RunContext#checkCancelled()} often. A numerically
     * diverging run throws {@link DivergedException}; everything emitted before stays in the history.
     */
    R run(C config, RunContext ctx) throws Exception;

    /**
     * The ids of the data sets (of the {@link cheaplab.data.DataCatalog}) a run of this config reads, e.g.
     * {@code mnist}; empty when it needs none. Pages use it to say, before a run, whether each is on this
     * machine, so no package but the lab and {@code data} names a data set.
     */
    default List<String> datasets(C config) {
        return List.of();
    }

    /**
     * Facts about this lab that its page view needs and that are not part of a config (e.g. the largest layer with
     * an exact partition function), so the view does not hard-code the engine's constants. JSON-serialisable; the
     * page writes them into {@code data-view-facts} and {@code static/js/view-base.js} hands them to the view.
     */
    default java.util.Map<String, Object> viewFacts() {
        return java.util.Map.of();
    }

    /**
     * The numbers a finished run is summed up by ({@link Outcome}), first the headline one: what a workshop step
     * can ask participants to predict. None by default.
     */
    default List<Outcome> outcomes() {
        return List.of();
    }

    /**
     * The work a config asks for ({@link Cost}), in any unit proportional to its run time on one machine; null
     * (the default) when the lab has no model. A deployment with a cap per run refuses a config whose predicted
     * time is well over it ({@link RunTimeModel}).
     */
    default Cost cost(C config) {
        return null;
    }
}

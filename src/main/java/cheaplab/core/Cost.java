package cheaplab.core;

import java.util.List;

/**
 * How much work a config asks of its lab, in the lab's own unit (multiply-adds, spin updates, …): only ratios
 * between configs of one lab matter, because {@link RunTimeModel} turns work into seconds with the rate this
 * server measured on that lab's finished runs.
 *
 * @param work  the config's work, > 0
 * @param knobs the config fields the work grows with, most effective first: what a refusal tells the user to turn
 */
public record Cost(double work, List<String> knobs) {
    public Cost {
        if (!(work > 0) || Double.isInfinite(work)) throw new IllegalArgumentException("work must be positive and finite, was " + work);
        if (knobs.isEmpty()) throw new IllegalArgumentException("a cost names the knobs it grows with");
        knobs = List.copyOf(knobs);
    }
}

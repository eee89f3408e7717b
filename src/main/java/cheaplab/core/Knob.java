package cheaplab.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How one config record component appears as a form control, and the range its compact constructor enforces:
 * the single source of both. The constructor validates the range through {@link Knobs#range} (same messages as
 * {@link Check}); the form fragment ({@code templates/fragments/knobs.html}) renders {@code min}/{@code max}/{@code
 * step} from the same {@link KnobSpec}. Cross-field rules stay in the constructor.
 *
 * <p>{@code label} and {@code hint} are trusted HTML written in the code (e.g. {@code <var>λ</var>}), never user
 * input.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Knob {
    /** The label (HTML); empty: the component name. */
    String label() default "";

    /** A sentence under the control (HTML), referenced by its {@code aria-describedby}; empty: none. */
    String hint() default "";

    /** The unit shown after the label, e.g. "s"; empty: none. */
    String unit() default "";

    /** Smallest allowed value (numbers, integers; each value of a list). NaN: unbounded. */
    double min() default Double.NaN;

    /** Largest allowed value. NaN: unbounded. */
    double max() default Double.NaN;

    /** Values allowed besides [min, max], e.g. {@code 0} for "off". */
    double[] also() default {};

    /** Input step; 0: 1 for integers, "any" for numbers. */
    double step() default 0;

    /** Most values of a list; 0: no limit from the spec. */
    int maxValues() default 0;

    /**
     * The allowed strings with their labels, {@code "value=Label"} (label HTML-escaped when shown); the form
     * shows a select and {@link Knobs#oneOf} validates against the values.
     */
    String[] choices() default {};

    /** Lists: rows of a textarea; 0: a one-line text input. */
    int rows() default 0;

    /**
     * The values of the form's {@code dataset} field for which this control is shown (hidden, but still part of the
     * config, for the others); empty: always shown.
     */
    String[] showFor() default {};

    /**
     * {@code "field=value"}: while that field has that value this one is fixed to {@link #fixedValue} (read-only
     * in the form; the record refuses anything else); empty: never fixed.
     */
    String fixedWhen() default "";

    /** The value of {@link #fixedWhen}. */
    String fixedValue() default "";
}

package cheaplab.lab.rbm;

import cheaplab.core.ConfigException;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The parameters of a Bernoulli RBM as plain arrays, the JSON form of a trained model:
 * {@code W} is {@code visible × hidden} (W[i][j] couples visible unit i and hidden unit j), {@code b} the
 * visible biases, {@code c} the hidden biases. A result carries one; a config may carry one to evaluate it.
 */
public record RbmWeights(@JsonProperty("W") float[][] W, @JsonProperty("b") float[] b, @JsonProperty("c") float[] c) {

    public int visible() {
        return W.length;
    }

    public int hidden() {
        return c.length;
    }

    /** Throws {@link ConfigException} on {@code field} unless the shapes agree and every value is finite. */
    public void validate(String field) {
        if (W == null || b == null || c == null) throw new ConfigException(field, "needs W, b and c");
        if (W.length == 0 || c.length == 0) throw new ConfigException(field, "W must have at least one row and one column");
        if (b.length != W.length)
            throw new ConfigException(field, "b has " + b.length + " entries but W has " + W.length + " rows (visible units)");
        for (int i = 0; i < W.length; i++) {
            if (W[i] == null || W[i].length != c.length)
                throw new ConfigException(field, "row " + i + " of W must have " + c.length + " entries (one per hidden unit, as c)");
            for (float x : W[i]) if (!Float.isFinite(x)) throw new ConfigException(field, "W has a non-finite value in row " + i);
        }
        for (float x : b) if (!Float.isFinite(x)) throw new ConfigException(field, "b has a non-finite value");
        for (float x : c) if (!Float.isFinite(x)) throw new ConfigException(field, "c has a non-finite value");
    }
}

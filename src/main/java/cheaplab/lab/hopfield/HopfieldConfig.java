package cheaplab.lab.hopfield;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;
import cheaplab.core.Knob;
import cheaplab.core.Knobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the Hopfield lab. Component names are the JSON keys, form fields and query parameters; each range is
 * its {@link Knob}, checked through {@link Knobs}; cross-field rules in code.
 *
 * @param neurons      N, the ±1 neurons; a square N (784 = 28², 1600 = 40²) shows the states as square images
 * @param alphas       the loads α = P/N of the sweep, one point each; P = round(αN) ≥ 1 patterns
 * @param flipFraction fraction of the cued pattern's bits flipped in the cue (exactly round(fN) bits)
 * @param trials       independent networks (fresh patterns) per load; each is cued with up to
 *                     {@value HopfieldSweep#CUES_PER_NETWORK} of its patterns
 * @param rule         {@code hebb} (J = (1/N) ΣΞξᵀ, zero diagonal) or {@code storkey} (Storkey 1997)
 * @param temperature  T; 0 is the deterministic zero-temperature dynamics, T &gt; 0 Glauber dynamics
 * @param maxSweeps    sweep limit of a recall (T = 0 stops earlier at a fixed point)
 * @param seed         seed of every random stream of the run
 */
public record HopfieldConfig(
        @Knob(label = "Neurons <var>N</var>", min = 16, max = 4096,
                hint = "A square number (784 = 28², 1600 = 40²) shows the states as square images.")
        int neurons,
        @Knob(label = "Loads <var>α</var> = <var>P</var>/<var>N</var>", min = 0.001, max = 0.5, maxValues = 64, rows = 2,
                hint = "One point per value; <var>P</var> = round(<var>αN</var>) patterns.")
        List<Double> alphas,
        @Knob(label = "Flipped fraction of the cue", min = 0, max = 0.5,
                hint = "The cue is the pattern with this fraction of its bits flipped; its overlap is 1 − 2<var>f</var>.")
        double flipFraction,
        @Knob(label = "Networks per load", min = 1, max = 1000,
                hint = "Independent sets of random patterns; each network is cued with up to "
                        + HopfieldSweep.CUES_PER_NETWORK + " of its patterns.")
        int trials,
        @Knob(label = "Learning rule", choices = {"hebb=Hebb (outer products)", "storkey=Storkey (1997)"}) String rule,
        @Knob(label = "Temperature <var>T</var>", min = 0, max = 2,
                hint = "0: each neuron takes the sign of its field. <var>T</var> &gt; 0: Glauber dynamics, every sweep up to the limit.")
        double temperature,
        @Knob(label = "Sweep limit", min = 1, max = 10_000) int maxSweeps,
        @Knob(label = "Seed") long seed) {

    public HopfieldConfig {
        Knobs.range(HopfieldConfig.class, "neurons", neurons);
        alphas = Knobs.doubles(HopfieldConfig.class, "alphas", alphas);
        for (int i = 0; i < alphas.size(); i++)
            if (patterns(alphas.get(i), neurons) < 1)
                throw new ConfigException("alphas", "value #" + (i + 1) + " (" + alphas.get(i) + ") stores no pattern with "
                        + neurons + " neurons: α·N must be at least 0.5");
        Knobs.range(HopfieldConfig.class, "flipFraction", flipFraction);
        Knobs.range(HopfieldConfig.class, "trials", trials);
        Knobs.oneOf(HopfieldConfig.class, "rule", rule);
        Knobs.range(HopfieldConfig.class, "temperature", temperature);
        Knobs.range(HopfieldConfig.class, "maxSweeps", maxSweeps);
        Check.memory(memoryTerms(neurons, alphas));
    }

    /** P = round(αN), the patterns stored at load α. */
    public static int patterns(double alpha, int neurons) {
        return (int) Math.round(alpha * neurons);
    }

    /** The largest P of the sweep. */
    int maxPatterns() {
        int p = 1;
        for (double a : alphas) p = Math.max(p, patterns(a, neurons));
        return p;
    }

    /**
     * Bytes of the compute threads' workspaces, all held at once: {@value HopfieldSweep#MAX_THREADS} threads at
     * most, each with two copies of the N × N couplings ({@code neurons}) and of the largest pattern set
     * ({@code alphas}); see {@link Workspace#bytes}.
     */
    static Map<String, Double> memoryTerms(int neurons, List<Double> alphas) {
        int maxP = 1;
        for (double a : alphas) maxP = Math.max(maxP, patterns(a, neurons));
        double threads = HopfieldSweep.MAX_THREADS;
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("neurons", threads * Workspace.bytes(neurons, 0, HopfieldSweep.CUES_PER_NETWORK));
        terms.put("alphas", threads * (Workspace.bytes(neurons, maxP, 0) - Workspace.bytes(neurons, 0, 0)));
        return terms;
    }

    public long memoryBytes() {
        return Check.totalBytes(memoryTerms(neurons, alphas));
    }

    /** The lab page's first run; see {@link HopfieldLab} for what it takes. */
    public static HopfieldConfig defaults() {
        return new HopfieldConfig(1600, DEFAULT_ALPHAS, 0.1, 8, "hebb", 0.0, 100, 1L);
    }

    static final List<Double> DEFAULT_ALPHAS = List.of(0.02, 0.05, 0.08, 0.1, 0.11, 0.12, 0.13, 0.14, 0.15, 0.16, 0.18, 0.2);
}

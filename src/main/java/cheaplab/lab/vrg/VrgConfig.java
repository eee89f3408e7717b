package cheaplab.lab.vrg;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;
import cheaplab.core.Knob;
import cheaplab.core.Knobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Config of the vrg lab (docs/labs/vrg.md): Ising samples of one L×L lattice at one temperature, then a stack of
 * Bernoulli RBMs trained layer by layer with the RBM lab's contrastive divergence, and the same stack trained on the
 * same samples with the lattice sites shuffled by one fixed permutation (the control without spatial structure).
 *
 * @param lattice      L of the L×L periodic lattice (J = 1, h = 0); L² visible units
 * @param temperature  T in units of J/k_B (the paper's coupling K = J/T = 0.408 is T ≈ 2.451)
 * @param samples      equilibrated, decorrelated configurations (drawn 64 at a time, one per replica)
 * @param layers       hidden widths of the stack, bottom to top (e.g. 400, 100, 25 on 40×40)
 * @param l1           L1 coefficient λ₁ on every W (not on the biases)
 * @param learningRate ε of every layer; the gradient is averaged over the mini-batch
 * @param momentum     μ after the first epochs (min(0.5, μ) before, as the RBM lab)
 * @param k            Gibbs steps of CD-k
 * @param batchSize    mini-batch size B
 * @param epochs       passes over the samples, per layer
 * @param seed         every random stream (samples, initial weights, CD chains, the control's permutation)
 */
public record VrgConfig(
        @Knob(label = "Lattice <var>L</var>", min = 4, max = MAX_LATTICE,
                hint = "<var>L</var>×<var>L</var> periodic lattice: <var>L</var>² visible units.")
        int lattice,
        @Knob(label = "Temperature <var>T</var>", unit = "J/k_B", min = 0.5, max = 100,
                hint = "<var>T</var><sub>c</sub> ≈ 2.269; the paper's <var>J</var> = 0.408 is <var>T</var> ≈ 2.451.")
        double temperature,
        @Knob(label = "Samples", min = 64, max = 100_000,
                hint = "Equilibrated Wolff-cluster configurations, 64 replicas at a time.")
        int samples,
        @Knob(label = "Hidden widths, bottom to top", min = 1, max = MAX_WIDTH, maxValues = MAX_LAYERS,
                hint = "A square width <var>n</var> = (<var>L</var>/<var>b</var>)² is compared with the block spins of size <var>b</var>.")
        List<Integer> layers,
        @Knob(label = "L1 penalty <var>λ</var><sub>1</sub>", min = 0, max = 1) double l1,
        @Knob(label = "Learning rate <var>ε</var>", min = 0, max = 10) double learningRate,
        @Knob(label = "Momentum <var>μ</var>", min = 0, max = 0.99) double momentum,
        @Knob(label = "Gibbs steps <var>k</var>", min = 1, max = 100) int k,
        @Knob(label = "Batch size <var>B</var>", min = 1, max = 64) int batchSize,
        @Knob(label = "Epochs per layer", min = 1, max = 1000) int epochs,
        @Knob(label = "Seed") long seed) {

    public static final int MAX_LATTICE = 64, MAX_WIDTH = 4096, MAX_LAYERS = 6;

    public VrgConfig {
        Knobs.range(VrgConfig.class, "lattice", lattice);
        Knobs.range(VrgConfig.class, "temperature", temperature);
        Knobs.range(VrgConfig.class, "samples", samples);
        layers = Knobs.ints(VrgConfig.class, "layers", layers, MAX_WIDTH);
        if (layers.isEmpty()) throw new ConfigException("layers", "needs at least one hidden width");
        Knobs.range(VrgConfig.class, "l1", l1);
        Knobs.range(VrgConfig.class, "learningRate", learningRate);
        Check.positive("learningRate", learningRate); // 0 is refused although the knob's range starts there
        Knobs.range(VrgConfig.class, "momentum", momentum);
        Knobs.range(VrgConfig.class, "k", k);
        Knobs.range(VrgConfig.class, "batchSize", batchSize);
        Knobs.range(VrgConfig.class, "epochs", epochs);
        Check.memory(memoryTerms(lattice, samples, layers, batchSize));
    }

    /** L². */
    public int visible() {
        return lattice * lattice;
    }

    /**
     * Bytes of the main arrays (float32), all live at once: the samples and each layer's input rows, for the stack
     * and its control ({@code samples}); Θ, its increment and L1 sign, and the receptive fields, twice ({@code layers});
     * the CD buffers ({@code batchSize}).
     */
    static Map<String, Double> memoryTerms(int lattice, int samples, List<Integer> layers, int batchSize) {
        double nv = (double) lattice * lattice, rows = 0, theta = 0, cd = 0, below = nv;
        for (int h : layers) {
            rows += below + 1;
            theta += 3.0 * (below + 1) * (h + 1) + 2.0 * nv * h;
            cd = Math.max(cd, 4.0 * batchSize * (2 * (below + 1) + 2 * (h + 1)));
            below = h;
        }
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.put("samples", 2 * 4.0 * samples * (rows + 1) + samples * nv);
        terms.put("layers", 2 * 4.0 * theta);
        terms.put("batchSize", 2 * cd);
        return terms;
    }

    /**
     * The page's first run (20 s–1 min on two busy cores): 16×16 at the paper's T ≈ 2.451, 256-64-16-4 (block sizes
     * 2, 4, 8), 2,048 samples, 30 epochs per layer, λ₁ = 3·10⁻³. Measured by the CLI (seed 1): spread ratios 0.634,
     * 0.768, 0.975 and spreads 3.76, 4.85, 6.33 lattice spacings for layers 1–3 — local blocks growing with depth.
     * With the paper's λ₁ = 2·10⁻⁴ the ratios are about 0.9, 0.85, 0.98 (docs/labs/vrg.md): in this engine's scaling
     * of the penalty (ε·λ₁ per update, the gradient averaged over the batch) that L1 is too weak to clear the
     * weights far from a block.
     */
    public static VrgConfig defaults() {
        return new VrgConfig(16, PAPER_TEMPERATURE, 2048, List.of(64, 16, 4), 3e-3, 0.05, 0.5, 1, 32, 30, 1L);
    }

    /** 1/0.408: Mehta &amp; Schwab's coupling J = 0.408 with k_B T = 1 is our J = 1 at this T. */
    public static final double PAPER_TEMPERATURE = 1 / 0.408;
}

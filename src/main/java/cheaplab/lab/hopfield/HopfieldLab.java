package cheaplab.lab.hopfield;

import cheaplab.core.Cost;
import cheaplab.core.Outcome;
import cheaplab.core.Lab;
import cheaplab.core.Preset;
import cheaplab.core.RunContext;
import cheaplab.core.Versions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Hopfield lab: associative memory and its capacity transition. Stores P = αN random patterns, recalls them
 * from noisy cues by asynchronous dynamics, and sweeps α across the AGS capacity α_c ≈ 0.138.
 *
 * <h2>Series</h2>
 * <ul>
 *   <li>{@code theory} — once, first: the AGS replica-symmetric retrieval overlap as arrays {@code {alpha: [...],
 *       overlap: [...], errorFraction: [...]}} up to α_c, and {@code alphaC}, {@code overlapAtAlphaC},
 *       {@code errorAtAlphaC} (see {@link AgsTheory}).</li>
 *   <li>{@code alpha} — one per load, in the config's order: {@link HopfieldPoint#values()}.</li>
 *   <li>{@code recall} — per load, the first recall of its first network as images (tile payload of
 *       {@link PatternTiles}: pattern, cue, final state) with {@code alpha, cueOverlap, recallOverlap, sweeps,
 *       fixedPoint}.</li>
 *   <li>{@code energy} — per load, that recall's energy per neuron {@code {alpha, sweeps: [...], energy: [...],
 *       fixedPoint}}, sampled every ⅛ sweep (coarser for long runs).</li>
 *   <li>{@code mixture} — once, at the smallest load: three stored patterns, their symmetric mixture
 *       sign(ξ¹ + ξ² + ξ³) and the state it relaxes to at T = 0, with {@code overlaps} of that state with the three,
 *       {@code startFixedPoint}, {@code endFixedPoint}, {@code flips}.</li>
 *   <li>{@code transition} — once, last: {@code {alphaC, alphaCTheory, maxDeviationBelowAlphaC}}.</li>
 * </ul>
 */
public final class HopfieldLab implements Lab<HopfieldConfig, HopfieldResult> {
    /** Points of the streamed AGS curve. */
    static final int THEORY_POINTS = 160;

    @Override
    public String id() {
        return "hopfield";
    }

    @Override
    public String title() {
        return "Hopfield networks: memory and capacity";
    }

    @Override
    public String summary() {
        return "Store random patterns in a Hopfield network, recall them from noisy cues, and watch recall collapse "
                + "at the AGS capacity α_c ≈ 0.138 patterns per neuron.";
    }

    @Override
    public Class<HopfieldConfig> configType() {
        return HopfieldConfig.class;
    }

    @Override
    public HopfieldConfig defaults() {
        return HopfieldConfig.defaults();
    }

    @Override
    public List<Preset> presets() {
        return List.of(
                Preset.of("hebb", "Hebb, T = 0 (the AGS setting)", "rule", "hebb", "temperature", "0"),
                Preset.of("storkey", "Storkey's rule, T = 0", "rule", "storkey", "temperature", "0"),
                Preset.of("warm", "Hebb with Glauber dynamics at T = 0.2, 20 sweeps", "rule", "hebb", "temperature", "0.2",
                        "maxSweeps", "20"));
    }

    @Override
    public HopfieldResult run(HopfieldConfig config, RunContext ctx) {
        return run(config, ctx, Runtime.getRuntime().availableProcessors());
    }

    /** With an explicit number of compute threads; the result does not depend on it. */
    HopfieldResult run(HopfieldConfig c, RunContext ctx, int threads) {
        ctx.point("theory", theory(c));
        ctx.log(String.format(Locale.ROOT, "N = %d, %d loads × %d networks, %s rule, T = %s, cues with %d flipped bits",
                c.neurons(), c.alphas().size(), c.trials(), c.rule(), c.temperature(), Math.round(c.flipFraction() * c.neurons())));
        long start = System.nanoTime();
        HopfieldSweep.Sweep sweep = HopfieldSweep.run(c, ctx, threads);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = sweep.cpuNanos() / 1e9;
        ctx.log(String.format(Locale.ROOT, "sweep: %,d neuron updates in %.2f s on %d threads: %.3g updates/s"
                        + " (%.2f s of CPU on the compute threads: %.3g updates per CPU-second)",
                sweep.updates(), seconds, Math.min(threads, HopfieldSweep.MAX_THREADS), sweep.updates() / seconds,
                cpu, cpu > 0 ? sweep.updates() / cpu : Double.NaN));
        AgsTheory.Solution critical = AgsTheory.atCriticalAlpha();
        Double alphaC = measuredAlphaC(sweep.points());
        Double maxDev = null;
        for (HopfieldPoint p : sweep.points())
            if (p.overlapDeviation() != null) maxDev = Math.max(maxDev == null ? 0 : maxDev, Math.abs(p.overlapDeviation()));
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("alphaC", alphaC);
        t.put("alphaCTheory", critical.alpha());
        t.put("maxDeviationBelowAlphaC", maxDev);
        ctx.point("transition", t);
        return new HopfieldResult(sweep.points(), alphaC, critical.alpha(), critical.overlap(), critical.errorFraction(),
                maxDev, sweep.updates(), c, Versions.current());
    }

    /**
     * Where the retrieval fraction falls through ½: the first pair of neighbouring loads (sorted by α) with
     * fraction ≥ ½ and then &lt; ½, interpolated linearly; null when the sweep does not bracket the fall.
     */
    static Double measuredAlphaC(List<HopfieldPoint> points) {
        List<HopfieldPoint> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(HopfieldPoint::alpha));
        for (int i = 0; i + 1 < sorted.size(); i++) {
            HopfieldPoint a = sorted.get(i), b = sorted.get(i + 1);
            if (a.retrievalFraction() >= 0.5 && b.retrievalFraction() < 0.5) {
                double f = (a.retrievalFraction() - 0.5) / (a.retrievalFraction() - b.retrievalFraction());
                return a.alpha() + f * (b.alpha() - a.alpha());
            }
        }
        return null;
    }

    /** The AGS retrieval curve from just above 0 to α_c, denser near α_c where it bends. */
    static Map<String, Object> theory(HopfieldConfig c) {
        AgsTheory.Solution critical = AgsTheory.atCriticalAlpha();
        double ac = critical.alpha();
        List<Double> alpha = new ArrayList<>(), overlap = new ArrayList<>(), error = new ArrayList<>();
        for (int i = 1; i <= THEORY_POINTS; i++) {
            double u = (double) i / THEORY_POINTS;
            double a = ac * (1 - (1 - u) * (1 - u)); // quadratic spacing: fine near α_c
            AgsTheory.Solution s = i == THEORY_POINTS ? critical : AgsTheory.retrieval(a);
            alpha.add(s.alpha());
            overlap.add(s.overlap());
            error.add(s.errorFraction());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("overlap", overlap);
        m.put("errorFraction", error);
        m.put("alphaC", ac);
        m.put("overlapAtAlphaC", critical.overlap());
        m.put("errorAtAlphaC", critical.errorFraction());
        m.put("applies", c.rule().equals("hebb") && c.temperature() == 0);
        return m;
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(Outcome.field("alphaC", "measured capacity α_c (where retrieval collapses)", "/alphaC"));
    }

    /** Per load and network: the couplings (N² · αN) and up to maxSweeps sweeps of N² field updates. */
    @Override
    public Cost cost(HopfieldConfig c) {
        double n = c.neurons();
        double w = 0;
        for (double a : c.alphas()) w += n * n * (a * n + c.maxSweeps());
        return new Cost(Math.max(1, w * c.trials()), List.of("neurons", "trials", "alphas", "maxSweeps"));
    }
}

package cheaplab.lab.partition;

import cheaplab.core.Outcome;
import cheaplab.core.DivergedException;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;
import cheaplab.core.Versions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The partition lab: matching Z does not imply matching p. Lin &amp; Tegmark's joint H(y, y′) = H(y) + H(y′) +
 * K(y) + ln Z̃ over an Ising chain H is enumerated exactly ({@link LinTegmarkJoint}): its partition function is
 * Z for every kernel K, while its marginal p̃(y) moves away from p(y) as κ grows, and the trace condition of
 * Kadanoff's RG fails with it.
 *
 * <h2>Series</h2>
 * <ul>
 *   <li>{@code analysis} — one point at the config's κ: {@code {kappa, states, logZ, logZTilde, logZJoint,
 *       logZJointMinusLogZ, klForward, klReverse, traceDeviation, logTraceDeviation, primeMarginalError,
 *       kernelSpread}}.</li>
 *   <li>{@code states} — one point per state at that κ, ranked by p (largest first): the fields of
 *       {@link StateProbability}.</li>
 *   <li>{@code sweep} — one point per κ of {@link PartitionConfig#sweep()}, ascending: the fields of
 *       {@link SweepPoint}.</li>
 * </ul>
 */
public final class PartitionLab implements Lab<PartitionConfig, PartitionResult> {

    @Override
    public String id() {
        return "partition";
    }

    @Override
    public String title() {
        return "Matching Z does not imply matching p";
    }

    @Override
    public String summary() {
        return "Enumerate Lin & Tegmark's joint Hamiltonian over an Ising chain exactly: its partition function equals Z "
                + "for every kernel K, yet its marginal drifts away from p and Kadanoff's trace condition fails.";
    }

    @Override
    public Class<PartitionConfig> configType() {
        return PartitionConfig.class;
    }

    @Override
    public PartitionConfig defaults() {
        return PartitionConfig.defaults();
    }

    @Override
    public PartitionResult run(PartitionConfig cfg, RunContext ctx) {
        IsingChain chain = IsingChain.of(cfg);
        double[] energies = chain.energies();
        double[] shape = KernelShape.of(cfg, ctx.seed());
        double[] sweep = cfg.sweep();
        int states = cfg.states();
        ctx.log(String.format(Locale.ROOT, "%d spins (%s), %,d states, %,d pairs of the joint per κ; kernel %s; %d κ values",
                cfg.spins(), cfg.periodic() ? "ring" : "open chain", states, (long) states * states, cfg.kernel(), sweep.length));
        int total = sweep.length + 1, done = 0;

        double[] kernel = KernelShape.scaled(shape, cfg.kappa());
        LinTegmarkJoint.Analysis main = analyse(energies, kernel, ctx);
        ctx.progress(++done / (double) total, String.format(Locale.ROOT, "κ = %s enumerated", number(cfg.kappa())));
        Map<String, Object> summary = new LinkedHashMap<>(SweepPoint.of(cfg.kappa(), main).values());
        summary.put("states", states);
        summary.put("kernelSpread", main.kernelSpread());
        ctx.point("analysis", summary);

        Integer[] order = new Integer[states];
        for (int s = 0; s < states; s++) order[s] = s;
        java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(s -> -main.logP()[s]).thenComparingInt(s -> s));
        List<StateProbability> distribution = new ArrayList<>(states);
        for (int r = 0; r < states; r++) {
            int s = order[r];
            StateProbability sp = new StateProbability(r + 1, s, IsingChain.text(s, cfg.spins()),
                    IsingChain.magnetization(s, cfg.spins()), energies[s], shape[s], kernel[s], Math.exp(main.logP()[s]),
                    Math.exp(main.logPTilde()[s]), main.logP()[s], main.logPTilde()[s], main.logTrace()[s]);
            distribution.add(sp);
            ctx.point("states", sp.values());
        }

        List<SweepPoint> points = new ArrayList<>(sweep.length);
        for (double kappa : sweep) {
            ctx.checkCancelled();
            LinTegmarkJoint.Analysis a = kappa == cfg.kappa() ? main : analyse(energies, KernelShape.scaled(shape, kappa), ctx);
            SweepPoint p = SweepPoint.of(kappa, a);
            points.add(p);
            ctx.point("sweep", p.values());
            ctx.progress(++done / (double) total, String.format(Locale.ROOT, "sweep: κ = %s (%d of %d)", number(kappa),
                    points.size(), sweep.length));
        }
        return new PartitionResult(states, cfg.kappa(), main.logZ(), main.logZTilde(), main.logZJoint(),
                new KlDivergence(main.klForward(), main.klReverse()), main.traceDeviation(), main.logTraceDeviation(),
                main.primeMarginalError(), main.kernelSpread(), List.copyOf(distribution), List.copyOf(points), cfg,
                Versions.current());
    }

    private static LinTegmarkJoint.Analysis analyse(double[] energies, double[] kernel, RunContext ctx) {
        LinTegmarkJoint.Analysis a = new LinTegmarkJoint(energies, kernel).enumerate(ctx::checkCancelled);
        if (!Double.isFinite(a.logZ()) || !Double.isFinite(a.logZJoint()) || !Double.isFinite(a.logZTilde())
                || !Double.isFinite(a.klForward()) || !Double.isFinite(a.klReverse()))
            throw new DivergedException("a log partition function or divergence is not finite: ln Z = " + a.logZ()
                    + ", ln Z_joint = " + a.logZJoint() + ", ln Z̃ = " + a.logZTilde());
        return a;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(Outcome.field("klForward", "KL(p ‖ p̃) in nats", "/klDivergence/forward"),
                Outcome.field("traceDeviation", "largest deviation from the trace condition", "/traceDeviation"));
    }
}

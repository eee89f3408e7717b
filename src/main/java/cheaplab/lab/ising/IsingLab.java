package cheaplab.lab.ising;

import cheaplab.core.Cost;
import cheaplab.core.Outcome;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;
import cheaplab.core.Seeds;
import cheaplab.core.Versions;
import cheaplab.linalg.ComputeThreads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The Ising lab: the 2D Ising model on L×L periodic lattices, 64 replicas per (L, T), sampled by checkerboard
 * Metropolis in multi-spin coding ({@link CheckerboardMetropolis}) or Wolff clusters ({@link WolffClusters}),
 * with majority-rule block spins ({@link BlockSpins}) of the sampled configurations.
 *
 * <h2>Series</h2>
 * <ul>
 *   <li>{@code sweep} — per (L, T), temperatures outer, sizes inner: the fields of {@link IsingResult.Point}
 *       but the levels, plus {@code criticalTemperature}.</li>
 *   <li>{@code flow} — per (L, T) and block level k: {@code {size, temperature, level, levelSize,
 *       absMagnetization, absMagnetizationSem, correlation, correlationSem}}.</li>
 *   <li>{@code blocks} — per (L, T) and level: replica 0's last configuration, {@code {size, temperature,
 *       level, levelSize, bits}} (base64, one bit per site, row-major, 1 = up).</li>
 *   <li>{@code lattice} — live frames of replica 0 during the run ({@value #FRAMES_PER_SECOND} per second for the
 *       first {@value #SLOW_AFTER}, then one every 2 s, at most {@value #MAX_FRAMES} per run; the top-left
 *       {@value #FRAME_CROP}² sites): {@code {size, temperature,
 *       phase, sweep, width, bits}}. Which frames appear depends on timing; no value of the result does.</li>
 *   <li>{@code crossing} — at the end, per pair of sizes: {@code {smaller, larger, temperature, error}}.</li>
 * </ul>
 */
public final class IsingLab implements Lab<IsingConfig, IsingResult> {
    static final double FRAMES_PER_SECOND = 4;
    static final int MAX_FRAMES = 600, SLOW_AFTER = 240, FRAME_CROP = 256;
    /** auto: Wolff when |T/T_c − 1| ≤ this and h = 0. */
    static final double WOLFF_WINDOW = 0.10;

    private final LongSupplier clock;

    public IsingLab() {
        this(System::nanoTime);
    }

    IsingLab(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "ising";
    }

    @Override
    public String title() {
        return "Ising model: phase transition and block-spin RG";
    }

    @Override
    public String summary() {
        return "Sample the 2D Ising model with Metropolis and Wolff updates, watch magnetisation, susceptibility and "
                + "Binder cumulants sharpen with L around Onsager's T_c, and follow block spins to the RG fixed points.";
    }

    @Override
    public Class<IsingConfig> configType() {
        return IsingConfig.class;
    }

    @Override
    public IsingConfig defaults() {
        return IsingConfig.defaults();
    }

    /** The algorithm a point runs: the config's, or for {@code auto} Wolff near T_c at zero field. */
    static String algorithmFor(IsingConfig cfg, double t) {
        if (!cfg.algorithm().equals("auto")) return cfg.algorithm();
        return cfg.field() == 0 && Math.abs(t / Onsager.CRITICAL_TEMPERATURE - 1) <= WOLFF_WINDOW ? "wolff" : "metropolis";
    }

    @Override
    public IsingResult run(IsingConfig cfg, RunContext ctx) throws Exception {
        try (ComputeThreads threads = ComputeThreads.open("ising", 1)) {
            return new Session(cfg, ctx, threads).execute();
        }
    }

    private final class Session {
        final IsingConfig cfg;
        final RunContext ctx;
        final ComputeThreads threads;
        final double totalWork;
        double doneWork;
        long lastFrame = Long.MIN_VALUE, lastProgress = Long.MIN_VALUE;
        int frames;

        Session(IsingConfig cfg, RunContext ctx, ComputeThreads threads) {
            this.cfg = cfg;
            this.ctx = ctx;
            this.threads = threads;
            this.totalWork = Math.max(1, cfg.updates());
        }

        IsingResult execute() throws Exception {
            List<IsingResult.Point> points = new ArrayList<>();
            int[] sizes = cfg.sizes().stream().mapToInt(Integer::intValue).sorted().toArray();
            double[] temps = cfg.temperatures().stream().mapToDouble(Double::doubleValue).sorted().toArray();
            ReplicaStatistics[][] stats = new ReplicaStatistics[sizes.length][temps.length];
            for (int ti = 0; ti < cfg.temperatures().size(); ti++) {
                double t = cfg.temperatures().get(ti);
                for (int l : cfg.sizes()) {
                    ReplicaStatistics st = runPoint(l, t, ti);
                    stats[Arrays.binarySearch(sizes, l)][Arrays.binarySearch(temps, t)] = st;
                    IsingResult.Point p = point(l, t, st);
                    points.add(p);
                    emit(p, st);
                }
            }
            BinderCrossing.Outcome tc = BinderCrossing.estimate(sizes, temps, r -> {
                double[][] u = new double[sizes.length][temps.length];
                for (int a = 0; a < sizes.length; a++)
                    for (int b = 0; b < temps.length; b++)
                        u[a][b] = r < 0 ? stats[a][b].binder().value() : stats[a][b].binderLeaveOut(r);
                return u;
            }, ReplicaStatistics.R);
            for (BinderCrossing.Pair pair : tc.pairs()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("smaller", pair.smaller());
                m.put("larger", pair.larger());
                m.put("temperature", pair.temperature());
                m.put("error", pair.error());
                ctx.point("crossing", m);
            }
            if (tc.temperature() != null)
                ctx.log(String.format(Locale.ROOT, "Binder crossing T_c = %.4f ± %.4f (exact %.6f)", tc.temperature(),
                        tc.error(), Onsager.CRITICAL_TEMPERATURE));
            ctx.progress(1.0, "done");
            return new IsingResult(points, tc.pairs(), tc.temperature(), tc.error(), Onsager.CRITICAL_TEMPERATURE,
                    cfg, Versions.current());
        }

        ReplicaStatistics runPoint(int l, double t, int ti) throws Exception {
            String algorithm = algorithmFor(cfg, t);
            String purpose = "L=" + l + "/T#" + ti;
            SplittableRandom init = Seeds.stream(cfg.seed(), purpose + "/start");
            long key = Seeds.stream(cfg.seed(), purpose + "/metropolis").nextLong();
            long blockKey = Seeds.stream(cfg.seed(), purpose + "/blocks").nextLong();
            SpinLanes lattice = new SpinLanes(l);
            if (t < Onsager.CRITICAL_TEMPERATURE) lattice.fillUp();
            else lattice.fillRandom(init);
            CheckerboardMetropolis metropolis = new CheckerboardMetropolis(t, cfg.field());
            WolffClusters wolff = algorithm.equals("wolff")
                    ? new WolffClusters(l, t, cfg.field(), Seeds.stream(cfg.seed(), purpose + "/wolff").nextLong()) : null;
            int levels = cfg.blockLevels();
            SpinLanes[] blocked = new SpinLanes[levels + 1];
            blocked[0] = lattice;
            for (int k = 1; k <= levels; k++) blocked[k] = new SpinLanes(blocked[k - 1].size / cfg.blockSize());
            ReplicaStatistics st = new ReplicaStatistics(l * l, t, levels);
            LaneCounter ups = new LaneCounter(), anti = new LaneCounter();
            long[] u = new long[64], a = new long[64];
            double perSweep = 64.0 * l * l;
            // Sweeps per chunk: about 2²² replica-site updates, so cancellation and frames stay prompt.
            int chunk = (int) Math.max(1, Math.min(1 << 16, (1 << 22) / perSweep));
            long sweep = 0;
            String where = String.format(Locale.ROOT, "L = %d, T = %.4g (%s)", l, t, algorithm);
            for (int done = 0; done < cfg.equilibration(); ) {
                int n = Math.min(chunk, cfg.equilibration() - done);
                sweep = advance(lattice, metropolis, wolff, key, sweep, n);
                done += n;
                work(n * perSweep, "equilibrating " + where, lattice, t, "equilibration", sweep);
            }
            if (wolff != null) wolff.fixClusterCounts(lattice);
            int between = 0;
            for (int s = 0; s < cfg.samples(); s++) {
                sweep = advance(lattice, metropolis, wolff, key, sweep, cfg.decorrelation());
                lattice.count(ups, anti);
                ups.counts(u);
                anti.counts(a);
                st.add(u, a, cfg.field());
                st.addLevel(0, u, a, l * l);
                for (int k = 1; k <= levels; k++) {
                    BlockSpins.majority(blocked[k - 1], blocked[k], cfg.blockSize(), blockKey ^ (s * 0x9E3779B97F4A7C15L + k));
                    blocked[k].count(ups, anti);
                    ups.counts(u);
                    anti.counts(a);
                    st.addLevel(k, u, a, blocked[k].sites());
                }
                between += cfg.decorrelation();
                if (between >= chunk || s == cfg.samples() - 1) {
                    work(between * perSweep, "measuring " + where, lattice, t, "sampling", sweep);
                    between = 0;
                }
            }
            for (int k = 0; k <= levels; k++) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("size", l);
                m.put("temperature", t);
                m.put("level", k);
                m.put("levelSize", blocked[k].size);
                m.put("bits", Base64.getEncoder().encodeToString(blocked[k].laneBits(0, Integer.MAX_VALUE)));
                ctx.point("blocks", m);
            }
            return st;
        }

        long advance(SpinLanes lattice, CheckerboardMetropolis metropolis, WolffClusters wolff, long key, long sweep,
                     int n) throws Exception {
            ctx.checkCancelled();
            if (wolff != null) wolff.sweep(lattice, n, threads, ctx::cancelled);
            else metropolis.sweep(lattice, key, sweep, n, threads);
            return sweep + n;
        }

        void work(double updates, String message, SpinLanes lattice, double t, String phase, long sweep) {
            doneWork += updates;
            long now = clock.getAsLong();
            if (lastProgress == Long.MIN_VALUE || now - lastProgress >= 100_000_000L) {
                lastProgress = now;
                ctx.progress(Math.min(1.0, doneWork / totalWork), message);
            }
            // FRAMES_PER_SECOND for the first SLOW_AFTER frames, then one every 2 s (frames are stored with the run).
            long interval = frames < SLOW_AFTER ? (long) (1e9 / FRAMES_PER_SECOND) : 2_000_000_000L;
            if (frames < MAX_FRAMES && (lastFrame == Long.MIN_VALUE || now - lastFrame >= interval)) {
                lastFrame = now;
                frames++;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("size", lattice.size);
                m.put("temperature", t);
                m.put("phase", phase);
                m.put("sweep", sweep);
                m.put("width", Math.min(lattice.size, FRAME_CROP));
                m.put("bits", Base64.getEncoder().encodeToString(lattice.laneBits(0, FRAME_CROP)));
                ctx.point("lattice", m);
            }
            ctx.checkCancelled();
        }

        IsingResult.Point point(int l, double t, ReplicaStatistics st) {
            List<IsingResult.Level> levels = new ArrayList<>();
            int size = l;
            for (int k = 0; k <= st.levels(); k++) {
                ReplicaStatistics.Estimate am = st.levelAbsMagnetization(k), c = st.levelCorrelation(k);
                levels.add(new IsingResult.Level(k, size, am.value(), am.error(), c.value(), c.error()));
                size /= cfg.blockSize();
            }
            ReplicaStatistics.Estimate m = st.absMagnetization(), e = st.energy(), chi = st.susceptibility(),
                    c = st.specificHeat(), u = st.binder();
            return new IsingResult.Point(l, t, algorithmFor(cfg, t), m.value(), m.error(), st.magnetization().value(),
                    e.value(), e.error(), chi.value(), chi.error(), c.value(), c.error(), u.value(), u.error(),
                    st.autocorrelationTime(), Onsager.magnetization(t), Onsager.energy(t), List.copyOf(levels));
        }

        void emit(IsingResult.Point p, ReplicaStatistics st) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", p.size());
            m.put("temperature", p.temperature());
            m.put("algorithm", p.algorithm());
            m.put("absMagnetization", p.absMagnetization());
            m.put("absMagnetizationSem", p.absMagnetizationSem());
            m.put("magnetization", p.magnetization());
            m.put("energy", p.energy());
            m.put("energySem", p.energySem());
            m.put("susceptibility", p.susceptibility());
            m.put("susceptibilitySem", p.susceptibilitySem());
            m.put("specificHeat", p.specificHeat());
            m.put("specificHeatSem", p.specificHeatSem());
            m.put("binder", p.binder());
            m.put("binderSem", p.binderSem());
            m.put("autocorrelationTime", p.autocorrelationTime());
            m.put("onsagerMagnetization", p.onsagerMagnetization());
            m.put("exactEnergy", p.exactEnergy());
            m.put("criticalTemperature", Onsager.CRITICAL_TEMPERATURE);
            ctx.point("sweep", m);
            for (IsingResult.Level lv : p.levels()) {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("size", p.size());
                f.put("temperature", p.temperature());
                f.put("level", lv.level());
                f.put("levelSize", lv.size());
                f.put("absMagnetization", lv.absMagnetization());
                f.put("absMagnetizationSem", lv.absMagnetizationSem());
                f.put("correlation", lv.correlation());
                f.put("correlationSem", lv.correlationSem());
                ctx.point("flow", f);
            }
        }
    }

    @Override
    public List<Outcome> outcomes() {
        return List.of(Outcome.field("criticalTemperature", "Binder-crossing estimate of T_c", "/criticalTemperature"));
    }

    /** L² sites per sweep, for equilibration plus samples × decorrelation sweeps, at every temperature. */
    @Override
    public Cost cost(IsingConfig c) {
        double sites = 0;
        for (int l : c.sizes()) sites += (double) l * l;
        double sweeps = c.equilibration() + (double) c.samples() * Math.max(1, c.decorrelation());
        return new Cost(Math.max(1, sites * sweeps * c.temperatures().size()), List.of("sizes", "samples", "temperatures", "decorrelation"));
    }
}

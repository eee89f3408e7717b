package cheaplab.lab.vrg;

import cheaplab.core.Cost;
import cheaplab.core.Outcome;
import cheaplab.core.DivergedException;
import cheaplab.core.Lab;
import cheaplab.core.Preset;
import cheaplab.core.RunContext;
import cheaplab.core.Seeds;
import cheaplab.core.Versions;
import cheaplab.lab.ising.Onsager;
import cheaplab.lab.rbm.BernoulliRbm;
import cheaplab.lab.rbm.ContrastiveDivergence;
import cheaplab.lab.rbm.FreeEnergy;
import cheaplab.lab.rbm.ImageTiles;
import cheaplab.lab.rbm.RbmWeights;
import cheaplab.lab.rbm.VisibleRows;
import cheaplab.linalg.NativeArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The vrg lab (Mehta &amp; Schwab 2014): Ising samples from the ising lab's Wolff sampler ({@link IsingSamples}),
 * a stack of RBMs trained layer by layer with the RBM lab's {@link ContrastiveDivergence} (CD-k, L1 on W), each
 * layer on the previous layer's hidden probabilities p(h = 1 | v), and the same stack trained on the samples with
 * their sites shuffled by one fixed permutation — the control that has the same statistics but no lattice.
 *
 * <h2>Series</h2>
 * <ul>
 *   <li>{@code samples} — once: {@code {lattice, temperature, meanAbsMagnetization, onsagerMagnetization}} and
 *       the first {@value #SAMPLE_TILES} samples as {@link ImageTiles}.</li>
 *   <li>{@code train} — per stack, layer and epoch: {@code {stack, layer, epoch, position, freeEnergy,
 *       reconstructionError}} ({@code stack} is {@code lattice} or {@code control}; position = layer − 1 +
 *       epoch / epochs).</li>
 *   <li>{@code fields} — the lattice stack's receptive fields (products of W back to the lattice) of the first
 *       {@value #FIELD_TILES} units of the layer in training, as signed {@link ImageTiles} plus {@code {stack,
 *       layer, epoch}}; at most {@value #FRAMES_PER_SECOND} per second, and always at the end of a layer (the
 *       control's fields then too).</li>
 *   <li>{@code reconstructions} — per layer at its end: the first samples and their mean-field reconstruction
 *       up through the layer and back down to the lattice.</li>
 *   <li>{@code locality} — per layer at its end: the fields of {@link VrgResult.Layer}.</li>
 * </ul>
 */
public final class VrgLab implements Lab<VrgConfig, VrgResult> {
    static final int SAMPLE_TILES = 8, FIELD_TILES = 25, RECONSTRUCTION_TILES = 8;
    /** Rows used for the reconstruction error and the correlations (the first ones: the samples are i.i.d.). */
    static final int MEASURE_ROWS = 2048;
    static final double FRAMES_PER_SECOND = 2;
    /** Share of the progress bar that the Monte Carlo takes. */
    private static final double SAMPLING_SHARE = 0.1;

    private final LongSupplier clock;

    public VrgLab() {
        this(System::nanoTime);
    }

    VrgLab(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "vrg";
    }

    @Override
    public String title() {
        return "Deep learning and the renormalisation group";
    }

    @Override
    public String summary() {
        return "Train a stack of RBMs on Ising samples near T_c (Mehta & Schwab) and watch the receptive fields become "
                + "local blocks that grow with depth, measured against a shuffled-lattice control.";
    }

    @Override
    public Class<VrgConfig> configType() {
        return VrgConfig.class;
    }

    @Override
    public VrgConfig defaults() {
        return VrgConfig.defaults();
    }

    @Override
    public List<Preset> presets() {
        return List.of(
                Preset.of("small", "16×16, 256-64-16-4, λ₁ = 3·10⁻³ (under a minute)", "lattice", "16", "temperature",
                        String.valueOf(VrgConfig.PAPER_TEMPERATURE), "layers", "64, 16, 4", "samples", "2048", "l1", "0.003",
                        "epochs", "30"),
                Preset.of("paper", "Mehta & Schwab: 40×40 at J = 0.408, 1600-400-100-25, L1 = 2·10⁻⁴ (minutes)",
                        "lattice", "40", "temperature", String.valueOf(VrgConfig.PAPER_TEMPERATURE),
                        "layers", "400, 100, 25", "samples", "20000", "l1", "0.0002", "epochs", "20"),
                Preset.of("hot", "T = 100: no correlations, no structure (the control's limit)", "temperature", "100"),
                Preset.of("cold", "T = 1.5: ordered, one unit carries the magnetisation", "temperature", "1.5"));
    }

    @Override
    public VrgResult run(VrgConfig cfg, RunContext ctx) throws Exception {
        return new Session(cfg, ctx).execute();
    }

    /** One run. */
    private final class Session {
        final VrgConfig cfg;
        final RunContext ctx;
        final int l, nv;
        final double totalWork;
        double doneWork;
        long lastFrame = Long.MIN_VALUE, lastProgress = Long.MIN_VALUE;

        Session(VrgConfig cfg, RunContext ctx) {
            this.cfg = cfg;
            this.ctx = ctx;
            this.l = cfg.lattice();
            this.nv = cfg.visible();
            double w = 0, below = nv;
            for (int h : cfg.layers()) {
                w += (below + 1) * (h + 1);
                below = h;
            }
            this.totalWork = 2 * w * cfg.epochs();
        }

        VrgResult execute() throws Exception {
            ctx.progress(0, "sampling " + l + "×" + l + " at T = " + cfg.temperature());
            byte[][] samples = IsingSamples.draw(l, cfg.temperature(), cfg.samples(), cfg.seed(), f -> {
                ctx.checkCancelled();
                progress(SAMPLING_SHARE * f, "sampling (Wolff clusters)");
            });
            double m = IsingSamples.meanAbsMagnetization(samples), onsager = Onsager.magnetization(cfg.temperature());
            Map<String, Object> sp = new LinkedHashMap<>();
            sp.put("lattice", l);
            sp.put("temperature", cfg.temperature());
            sp.put("meanAbsMagnetization", m);
            sp.put("onsagerMagnetization", onsager);
            float[][] first = new float[Math.min(SAMPLE_TILES, samples.length)][];
            for (int i = 0; i < first.length; i++) first[i] = toFloat(samples[i]);
            sp.putAll(ImageTiles.ofProbabilities(first, l, l, SAMPLE_TILES));
            ctx.point("samples", sp);
            ctx.log(String.format(Locale.ROOT, "%d samples of %d×%d at T = %.4f: <|m|> = %.4f (Onsager, L = ∞: %.4f)",
                    samples.length, l, l, cfg.temperature(), m, onsager));

            int[] perm = permutation(nv, Seeds.stream(cfg.seed(), "vrg/permutation"));
            byte[][] shuffled = new byte[samples.length][nv];
            for (int s = 0; s < samples.length; s++)
                for (int k = 0; k < nv; k++) shuffled[s][k] = samples[s][perm[k]];

            Stack lattice = new Stack("lattice", samples), control = new Stack("control", shuffled);
            double[] magnetization = new double[Math.min(MEASURE_ROWS, samples.length)];
            for (int s = 0; s < magnetization.length; s++) {
                int up = 0;
                for (byte b : samples[s]) up += b;
                magnetization[s] = 2.0 * up / nv - 1;
            }
            List<VrgResult.Layer> metrics = new ArrayList<>();
            try {
                double uniform = ReceptiveFields.uniformSpread(l);
                for (int li = 0; li < cfg.layers().size(); li++) {
                    lattice.train(li);
                    control.train(li);
                    double[][] f = lattice.fields(), g = control.fields();
                    double[] sf = spreads(f), sg = spreads(g);
                    int width = cfg.layers().get(li);
                    int b = ReceptiveFields.blockSize(l, width);
                    Double bc = null, cc = null;
                    if (b > 0) {
                        bc = ReceptiveFields.mean(ReceptiveFields.bestCorrelations(lattice.measuredHidden(),
                                ReceptiveFields.blockMagnetizations(head(samples), l, b)));
                        cc = ReceptiveFields.mean(ReceptiveFields.bestCorrelations(control.measuredHidden(),
                                ReceptiveFields.blockMagnetizations(head(shuffled), l, b)));
                    }
                    double[] mc = ReceptiveFields.bestCorrelations(lattice.measuredHidden(), column(magnetization));
                    VrgResult.Layer layer = new VrgResult.Layer(li + 1, width, ReceptiveFields.mean(sf), sem(sf),
                            ReceptiveFields.mean(sg), sem(sg), ReceptiveFields.mean(sf) / ReceptiveFields.mean(sg), uniform,
                            b > 0 ? b : null, bc, cc, max(mc), lattice.freeEnergy, lattice.reconstructionError,
                            control.freeEnergy);
                    metrics.add(layer);
                    ctx.point("locality", localityPoint(layer));
                    ctx.log(String.format(Locale.ROOT, "layer %d (%d units): spread %.3f ± %.3f, control %.3f ± %.3f, "
                                    + "ratio %.3f (uniform field %.3f)%s; max |corr(h, m)| %.3f", li + 1, width,
                            layer.spread(), layer.spreadSem(), layer.controlSpread(), layer.controlSpreadSem(),
                            layer.localityRatio(), uniform, bc == null ? "" : String.format(Locale.ROOT,
                                    "; block-spin b = %d correlation %.3f (control %.3f)", b, bc, cc), layer.magnetizationCorrelation()));
                    fieldsFrame(lattice, li, cfg.epochs(), true);
                    fieldsFrame(control, li, cfg.epochs(), true);
                    reconstructions(lattice, li, samples);
                }
            } finally {
                lattice.release();
                control.release();
            }
            ctx.progress(1.0, "done");
            return new VrgResult(m, onsager, List.copyOf(metrics), List.copyOf(lattice.weights), cfg, Versions.current());
        }

        byte[][] head(byte[][] s) {
            return java.util.Arrays.copyOf(s, Math.min(MEASURE_ROWS, s.length));
        }

        double[] spreads(double[][] f) {
            double[] s = new double[f[0].length];
            for (int j = 0; j < s.length; j++) s[j] = ReceptiveFields.spread(ReceptiveFields.column(f, j), l);
            return s;
        }

        Map<String, Object> localityPoint(VrgResult.Layer x) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("layer", x.layer());
            p.put("width", x.width());
            p.put("spread", x.spread());
            p.put("spreadSem", x.spreadSem());
            p.put("controlSpread", x.controlSpread());
            p.put("controlSpreadSem", x.controlSpreadSem());
            p.put("localityRatio", x.localityRatio());
            p.put("uniformSpread", x.uniformSpread());
            p.put("blockSize", x.blockSize());
            p.put("blockCorrelation", x.blockCorrelation());
            p.put("controlBlockCorrelation", x.controlBlockCorrelation());
            p.put("magnetizationCorrelation", x.magnetizationCorrelation());
            p.put("freeEnergy", x.freeEnergy());
            p.put("reconstructionError", x.reconstructionError());
            p.put("controlFreeEnergy", x.controlFreeEnergy());
            return p;
        }

        void fieldsFrame(Stack st, int li, int epoch, boolean force) {
            long now = clock.getAsLong();
            if (!force && lastFrame != Long.MIN_VALUE && now - lastFrame < (long) (1e9 / FRAMES_PER_SECOND)) return;
            lastFrame = now;
            double[][] f = st.fields();
            int n = Math.min(FIELD_TILES, f[0].length);
            float[][] tiles = new float[n][nv];
            for (int j = 0; j < n; j++) for (int i = 0; i < nv; i++) tiles[j][i] = (float) f[i][j];
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("stack", st.name);
            p.put("layer", li + 1);
            p.put("epoch", epoch);
            p.putAll(ImageTiles.ofSigned(tiles, l, l, (int) Math.ceil(Math.sqrt(n))));
            ctx.point("fields", p);
        }

        /** The first samples, then each sent up through layers 1…li+1 (probabilities) and back down to the lattice. */
        void reconstructions(Stack st, int li, byte[][] samples) {
            int n = Math.min(RECONSTRUCTION_TILES, samples.length);
            float[][] tiles = new float[2 * n][];
            for (int s = 0; s < n; s++) {
                double[] v = new double[nv];
                for (int i = 0; i < nv; i++) v[i] = samples[s][i];
                for (int k = 0; k <= li; k++) v = up(st.weights.get(k), v);
                for (int k = li; k >= 0; k--) v = down(st.weights.get(k), v);
                tiles[s] = toFloat(samples[s]);
                tiles[n + s] = new float[nv];
                for (int i = 0; i < nv; i++) tiles[n + s][i] = (float) v[i];
            }
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("layer", li + 1);
            p.putAll(ImageTiles.ofProbabilities(tiles, l, l, n));
            ctx.point("reconstructions", p);
        }

        void progress(double fraction, String message) {
            long now = clock.getAsLong();
            if (lastProgress != Long.MIN_VALUE && now - lastProgress < 100_000_000L) return;
            lastProgress = now;
            ctx.progress(Math.min(1.0, Math.max(0.0, fraction)), message);
        }

        /** One stack: its input rows, trained layers, and the current layer's figures. */
        final class Stack {
            final String name;
            final List<RbmWeights> weights = new ArrayList<>();
            VisibleRows input;
            double freeEnergy, reconstructionError;
            private double[][] fields;
            private double[][] hiddenHead;

            Stack(String name, byte[][] samples) {
                this.name = name;
                float[][] rows = new float[samples.length][nv + 1];
                for (int s = 0; s < samples.length; s++) {
                    for (int i = 0; i < nv; i++) rows[s][i] = samples[s][i];
                    rows[s][nv] = 1f;
                }
                this.input = new VisibleRows(Nd4j.createFromArray(rows), 0, samples.length);
            }

            /** Trains layer {@code li} on {@link #input}; then the input becomes its hidden probabilities. */
            void train(int li) {
                int below = input.visible(), hidden = cfg.layers().get(li), n = input.count();
                String purpose = "vrg/" + name + "/" + li;
                double[] means = new double[below];
                float[][] head = input.values().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, Math.min(n, 1 << 16)),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c').toFloatMatrix();
                for (float[] r : head) for (int i = 0; i < below; i++) means[i] += r[i];
                for (int i = 0; i < below; i++) means[i] /= head.length;
                BernoulliRbm rbm = BernoulliRbm.initial(hidden, means, Seeds.stream(cfg.seed(), purpose + "/init"));
                int b = Math.min(cfg.batchSize(), n), perEpoch = n / b;
                ContrastiveDivergence.Settings settings = new ContrastiveDivergence.Settings(cfg.k(), false,
                        cfg.learningRate(), 0.0, cfg.l1(), b);
                int[] order = new int[n];
                for (int i = 0; i < n; i++) order[i] = i;
                SplittableRandom shuffle = Seeds.stream(cfg.seed(), purpose + "/shuffle");
                VisibleRows measured = input.rows(0, Math.min(MEASURE_ROWS, n));
                double work = (below + 1.0) * (hidden + 1);
                try (ContrastiveDivergence cd = new ContrastiveDivergence(rbm, settings, Seeds.stream(cfg.seed(), purpose + "/cd").nextLong());
                     FreeEnergy fe = new FreeEnergy(below, hidden)) {
                    for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
                        for (int i = n - 1; i > 0; i--) {
                            int j = shuffle.nextInt(i + 1), t = order[i];
                            order[i] = order[j];
                            order[j] = t;
                        }
                        double mu = ContrastiveDivergence.momentum(epoch, cfg.momentum());
                        for (int u = 0; u < perEpoch; u++) {
                            cd.update(input, order, u * b, mu, ctx::cancelled);
                            ctx.checkCancelled();
                        }
                        if (!rbm.isFinite()) throw diverged(li, epoch);
                        freeEnergy = fe.mean(rbm, measured, ctx::checkCancelled);
                        reconstructionError = reconstructionError(rbm, measured);
                        if (!Double.isFinite(freeEnergy) || !Double.isFinite(reconstructionError)) throw diverged(li, epoch);
                        doneWork += work;
                        Map<String, Object> p = new LinkedHashMap<>();
                        p.put("stack", name);
                        p.put("layer", li + 1);
                        p.put("epoch", epoch);
                        p.put("position", li + (double) epoch / cfg.epochs());
                        p.put("freeEnergy", freeEnergy);
                        p.put("reconstructionError", reconstructionError);
                        ctx.point("train", p);
                        progress(SAMPLING_SHARE + (1 - SAMPLING_SHARE) * doneWork / totalWork,
                                String.format(Locale.ROOT, "%s stack, layer %d of %d, epoch %d of %d", name, li + 1,
                                        cfg.layers().size(), epoch, cfg.epochs()));
                        if (name.equals("lattice") && epoch < cfg.epochs()) {
                            weights.add(rbm.toWeights());
                            fields = null;
                            fieldsFrame(this, li, epoch, false);
                            weights.remove(weights.size() - 1);
                        }
                    }
                    weights.add(rbm.toWeights());
                    fields = null;
                    INDArray next = rbm.hiddenProbabilities(input.values());
                    VisibleRows old = input;
                    input = VisibleRows.of(next);
                    NativeArrays.release(next, old.base());
                    hiddenHead = toDouble(input.rows(0, Math.min(MEASURE_ROWS, n)).values().dup('c').toFloatMatrix());
                } finally {
                    rbm.release();
                }
            }

            /** Receptive fields of the top trained layer (L² × width), computed once per weight list. */
            double[][] fields() {
                if (fields == null) {
                    float[][][] w = new float[weights.size()][][];
                    for (int k = 0; k < w.length; k++) w[k] = weights.get(k).W();
                    fields = ReceptiveFields.product(w, w.length);
                }
                return fields;
            }

            /** p(h = 1 | v) of the top trained layer for the first {@value #MEASURE_ROWS} samples. */
            double[][] measuredHidden() {
                return hiddenHead;
            }

            void release() {
                if (input != null) NativeArrays.release(input.base());
                input = null;
            }
        }

        DivergedException diverged(int li, int epoch) {
            return new DivergedException(String.format(Locale.ROOT,
                    "layer %d became non-finite at epoch %d; try a smaller learningRate", li + 1, epoch));
        }
    }

    /** Mean over rows of Σᵢ (vᵢ − v̂ᵢ)², v̂ = p(v = 1 | p(h = 1 | v)) (mean field both ways). */
    static double reconstructionError(BernoulliRbm rbm, VisibleRows rows) {
        INDArray v = rows.values();
        INDArray h = rbm.hiddenProbabilities(v);
        INDArray r = rbm.visibleProbabilities(h);
        INDArray d = r.sub(v);
        double e = d.mul(d).sumNumber().doubleValue() / rows.count();
        NativeArrays.release(h, r, d);
        return e;
    }

    /** p(h = 1 | v) = σ(c + vᵀW). */
    static double[] up(RbmWeights w, double[] v) {
        int nh = w.hidden();
        double[] h = new double[nh];
        for (int j = 0; j < nh; j++) h[j] = w.c()[j];
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0) continue;
            float[] row = w.W()[i];
            for (int j = 0; j < nh; j++) h[j] += v[i] * row[j];
        }
        for (int j = 0; j < nh; j++) h[j] = sigmoid(h[j]);
        return h;
    }

    /** p(v = 1 | h) = σ(b + Wh). */
    static double[] down(RbmWeights w, double[] h) {
        int nv = w.visible();
        double[] v = new double[nv];
        for (int i = 0; i < nv; i++) {
            double s = w.b()[i];
            float[] row = w.W()[i];
            for (int j = 0; j < h.length; j++) s += row[j] * h[j];
            v[i] = sigmoid(s);
        }
        return v;
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static float[] toFloat(byte[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = v[i];
        return f;
    }

    static double[][] toDouble(float[][] m) {
        double[][] d = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            d[i] = new double[m[i].length];
            for (int j = 0; j < m[i].length; j++) d[i][j] = m[i][j];
        }
        return d;
    }

    static double[][] column(double[] v) {
        double[][] c = new double[v.length][1];
        for (int i = 0; i < v.length; i++) c[i][0] = v[i];
        return c;
    }

    static double max(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    static double sem(double[] v) {
        if (v.length < 2) return 0;
        double mean = ReceptiveFields.mean(v), s = 0;
        for (double x : v) s += (x - mean) * (x - mean);
        return Math.sqrt(s / (v.length - 1) / v.length);
    }

    /** The deepest layer's locality ratio: how far its receptive fields are from spread uniformly over the lattice. */
    @Override
    public List<Outcome> outcomes() {
        return List.of(new Outcome("deepestLocality", "locality ratio of the deepest layer's receptive fields", r -> {
            com.fasterxml.jackson.databind.JsonNode m = r.path("metrics");
            return m.size() == 0 ? Double.NaN : m.get(m.size() - 1).path("localityRatio").asDouble(Double.NaN);
        }), Outcome.field("meanAbsMagnetization", "mean |m| of the Ising samples", "/meanAbsMagnetization"));
    }

    /** The stack's CD-k products per sample per epoch (L² → layer 1 → …) plus the Ising sampling (L² per sweep). */
    @Override
    public Cost cost(VrgConfig c) {
        double products = 0;
        double in = (double) c.lattice() * c.lattice();
        for (int h : c.layers()) {
            products += in * h;
            in = h;
        }
        double w = products * (c.k() + 1) * c.samples() * c.epochs() + (double) c.lattice() * c.lattice() * c.samples() * 100;
        return new Cost(Math.max(1, w), List.of("epochs", "samples", "layers", "lattice"));
    }
}

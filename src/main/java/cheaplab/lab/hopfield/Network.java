package cheaplab.lab.hopfield;

import cheaplab.core.Seeds;
import cheaplab.linalg.Blas;

import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * One network of a sweep: P random patterns stored with the chosen rule, the stability of each stored pattern,
 * and recalls from cues of its first R patterns. Everything random comes from streams named after the load's value
 * and the network's index, so a network's numbers do not depend on the other loads of the list, on the thread
 * that built it or on the thread count.
 *
 * <p>GEMMs through {@link Blas} (float, exact for Hebbian integer couplings): K = ΞᵀΞ (Hebb), the fields
 * Ξ·K of the stored patterns and S·K of the cues (for Hebb through the overlaps, see {@link #fields}); after the
 * recalls the overlaps S·Ξᵀ of every final state with every pattern, which classify it (retrieved, another
 * pattern, or spurious: a mixture or a spin-glass state).
 */
final class Network {
    /** A final state with |m_μ| ≥ this for some μ sits on (or next to) stored pattern μ. */
    static final double RETRIEVED = 0.9;
    /** A spurious state with at least three overlaps of this size is counted as a mixture. */
    static final double MIXTURE_COMPONENT = 0.25;

    /** What one network measured; the display fields are filled only where asked. */
    static final class Outcome {
        double[] overlaps;
        int retrieved, otherPattern, spurious, mixtures, fixedPoints;
        long sweeps, updates, flips;
        int stablePatterns;
        long unstableBits;
        // display (first recall of the first network of a load)
        float[] pattern, cue, recall;
        AsynchronousDynamics.EnergyTrace trace;
        AsynchronousDynamics.Outcome traced;
        // the mixture of three patterns (one network of the sweep)
        float[][] mixtureParts;
        float[] mixtureStart, mixtureEnd;
        double[] mixtureOverlaps;
        boolean mixtureStartFixed, mixtureEndFixed;
        int mixtureFlips;
    }

    private Network() {}

    /**
     * Builds and measures one network.
     *
     * @param display  record the first recall (images and energy trace)
     * @param mixture  also relax the symmetric mixture sign(ξ¹ + ξ² + ξ³) (P ≥ 3) at T = 0
     */
    static Outcome run(HopfieldConfig c, double alpha, int index, Workspace ws, boolean display, boolean mixture,
                       BooleanSupplier cancelled) {
        int n = c.neurons(), p = HopfieldConfig.patterns(alpha, n), r = Math.min(p, ws.maxCues);
        String name = alpha + "/" + index;
        float[] xi = ws.patterns;
        randomPatterns(xi, p, n, Seeds.stream(c.seed(), "patterns/" + name));
        Blas.put(ws.nativePatterns.at(0), xi, 0, p * n);
        Couplings j = ws.couplings;
        if (c.rule().equals("storkey")) j.storkey(xi, p, ws.fields);
        else j.hebb(ws.nativePatterns, p);
        checkCancelled(cancelled);

        Outcome o = new Outcome();
        // Stability of every stored pattern: H = Ξ·K, pattern μ is a fixed point iff ξ_i h_i ≥ 0 for all i.
        fields(c, j, ws, ws.nativePatterns, p, p);
        float[] row = ws.row;
        for (int mu = 0; mu < p; mu++) {
            Blas.get(ws.nativeProducts.at((long) mu * n), row, 0, n);
            int bad = 0;
            for (int i = 0; i < n; i++) if (xi[mu * n + i] * row[i] < 0) bad++;
            if (bad == 0) o.stablePatterns++;
            o.unstableBits += bad;
        }
        checkCancelled(cancelled);

        // Cues: pattern μ < R with exactly round(f·N) bits flipped; their fields S·K by one GEMM.
        SplittableRandom cueRng = Seeds.stream(c.seed(), "cues/" + name);
        int flips = (int) Math.round(c.flipFraction() * n);
        float[] cues = new float[r * n];
        for (int mu = 0; mu < r; mu++) {
            System.arraycopy(xi, mu * n, cues, mu * n, n);
            flipRandomBits(cues, mu * n, n, flips, ws.order, cueRng);
        }
        Blas.put(ws.nativeStates.at(0), cues, 0, r * n);
        fields(c, j, ws, ws.nativeStates, r, p);
        float[] cueFields = new float[r * n];
        Blas.get(ws.nativeProducts.at(0), cueFields, 0, r * n);

        SplittableRandom dyn = Seeds.stream(c.seed(), "dynamics/" + name);
        float[] finals = new float[r * n];
        o.overlaps = new double[r];
        int traceEvery = Math.max(1, Math.max(n / 8, (int) Math.min(Integer.MAX_VALUE, (long) n * c.maxSweeps() / 400)));
        for (int mu = 0; mu < r; mu++) {
            checkCancelled(cancelled);
            float[] s = ws.state;
            double[] h = ws.fields;
            System.arraycopy(cues, mu * n, s, 0, n);
            for (int i = 0; i < n; i++) h[i] = cueFields[mu * n + i];
            boolean show = display && mu == 0;
            AsynchronousDynamics.EnergyTrace trace = show ? new AsynchronousDynamics.EnergyTrace(traceEvery) : null;
            AsynchronousDynamics.Outcome d = AsynchronousDynamics.run(j, s, h, c.temperature(), c.maxSweeps(), dyn,
                    ws.order, trace, cancelled);
            o.sweeps += d.sweeps();
            o.updates += d.updates();
            o.flips += d.flips();
            if (d.fixedPoint()) o.fixedPoints++;
            System.arraycopy(s, 0, finals, mu * n, n);
            if (show) {
                o.pattern = java.util.Arrays.copyOfRange(xi, 0, n);
                o.cue = java.util.Arrays.copyOfRange(cues, 0, n);
                o.recall = s.clone();
                o.trace = trace;
                o.traced = d;
            }
        }

        // Overlaps of every final state with every pattern: M = S·Ξᵀ / N (R × P).
        Blas.put(ws.nativeStates.at(0), finals, 0, r * n);
        Blas.sgemm(false, true, r, p, n, 1f, ws.nativeStates.at(0), n, ws.nativePatterns.at(0), n, 0f, ws.nativeProducts.at(0), p);
        float[] m = new float[r * p];
        Blas.get(ws.nativeProducts.at(0), m, 0, r * p);
        for (int mu = 0; mu < r; mu++) {
            o.overlaps[mu] = m[mu * p + mu] / n;
            classify(o, m, mu * p, p, n, mu);
        }
        if (mixture && p >= 3) mixture(c, alpha, j, ws, o, cancelled);
        return o;
    }

    /**
     * The fields {@code states}·K of {@code rows} states into {@code nativeProducts} (rows × N). Storkey: one GEMM
     * with K (rows·N² multiply-adds). Hebb: K = ΞᵀΞ − P·I, so S·K = (SΞᵀ)·Ξ − P·S, two GEMMs through the
     * rows × P overlaps (2·rows·P·N, less than rows·N² since P ≤ N/2); every entry stays an exact integer.
     */
    static void fields(HopfieldConfig c, Couplings j, Workspace ws, cheaplab.linalg.NativeBuffer states, int rows, int p) {
        int n = j.n;
        if (c.rule().equals("storkey")) {
            Blas.sgemm(false, false, rows, n, n, 1f, states.at(0), n, j.nativeK.at(0), n, 0f, ws.nativeProducts.at(0), n);
            return;
        }
        Blas.sgemm(false, true, rows, p, n, 1f, states.at(0), n, ws.nativePatterns.at(0), n, 0f, ws.nativeGram.at(0), p);
        Blas.scopy(rows * n, states.at(0), 1, ws.nativeProducts.at(0), 1);
        Blas.sgemm(false, false, rows, n, p, 1f, ws.nativeGram.at(0), p, ws.nativePatterns.at(0), n, -p, ws.nativeProducts.at(0), n);
    }

    private static void classify(Outcome o, float[] m, int off, int p, int n, int cued) {
        if (Math.abs(m[off + cued] / n) >= RETRIEVED) {
            if (m[off + cued] > 0) o.retrieved++;
            else o.otherPattern++; // the reversed pattern −ξ, also a fixed point
            return;
        }
        int large = 0;
        for (int nu = 0; nu < p; nu++) {
            double q = Math.abs(m[off + nu] / n);
            if (q >= RETRIEVED) {
                o.otherPattern++;
                return;
            }
            if (q >= MIXTURE_COMPONENT) large++;
        }
        o.spurious++;
        if (large >= 3) o.mixtures++;
    }

    /** Relaxes sign(ξ¹ + ξ² + ξ³) at T = 0 (Amit, Gutfreund &amp; Sompolinsky's symmetric 3-mixture, m = ½ each). */
    private static void mixture(HopfieldConfig c, double alpha, Couplings j, Workspace ws, Outcome o, BooleanSupplier cancelled) {
        int n = j.n;
        float[] xi = ws.patterns, s = ws.state;
        for (int i = 0; i < n; i++) s[i] = xi[i] + xi[n + i] + xi[2 * n + i] > 0 ? 1f : -1f;
        o.mixtureStart = s.clone();
        Blas.put(ws.nativeStates.at(0), s, 0, n);
        fields(c, j, ws, ws.nativeStates, 1, HopfieldConfig.patterns(alpha, n));
        float[] f = new float[n];
        Blas.get(ws.nativeProducts.at(0), f, 0, n);
        double[] h = ws.fields;
        for (int i = 0; i < n; i++) h[i] = f[i];
        o.mixtureStartFixed = AsynchronousDynamics.isFixedPoint(s, h);
        AsynchronousDynamics.Outcome d = AsynchronousDynamics.run(j, s, h, 0, c.maxSweeps(),
                Seeds.stream(c.seed(), "mixture"), ws.order, null, cancelled);
        o.mixtureEnd = s.clone();
        o.mixtureEndFixed = d.fixedPoint();
        o.mixtureFlips = (int) d.flips();
        o.mixtureParts = new float[3][];
        o.mixtureOverlaps = new double[3];
        for (int mu = 0; mu < 3; mu++) {
            o.mixtureParts[mu] = java.util.Arrays.copyOfRange(xi, mu * n, (mu + 1) * n);
            double dot = 0;
            for (int i = 0; i < n; i++) dot += xi[mu * n + i] * s[i];
            o.mixtureOverlaps[mu] = dot / n;
        }
    }

    /** P × N independent fair ±1 bits, 64 from each random long. */
    static void randomPatterns(float[] out, int p, int n, SplittableRandom rng) {
        int total = p * n;
        for (int at = 0; at < total; at += 64) {
            long bits = rng.nextLong();
            for (int b = 0; b < 64 && at + b < total; b++) out[at + b] = ((bits >>> b) & 1) == 0 ? -1f : 1f;
        }
    }

    /** Flips exactly {@code count} distinct bits of {@code s[from … from + n)} (a partial Fisher–Yates draw). */
    static void flipRandomBits(float[] s, int from, int n, int count, int[] scratch, SplittableRandom rng) {
        for (int i = 0; i < n; i++) scratch[i] = i;
        for (int t = 0; t < count; t++) {
            int pick = t + rng.nextInt(n - t), v = scratch[pick];
            scratch[pick] = scratch[t];
            scratch[t] = v;
            s[from + v] = -s[from + v];
        }
    }

    private static void checkCancelled(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) throw new cheaplab.core.CancelledException();
    }
}

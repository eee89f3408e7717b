package cheaplab.lab.hopfield;

import cheaplab.core.CancelledException;
import cheaplab.core.RunContext;
import cheaplab.linalg.ComputeThreads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The sweep over the loads: every (load, network) pair is one task on the run's compute threads
 * ({@link ComputeThreads}, one per core, at most {@value #MAX_THREADS}), each task on one thread from patterns to
 * the last recall, so the cores are used across networks rather than inside a flip. Each thread owns a
 * {@link Workspace}. Tasks are queued in the config's order and collected in that order; a load's point is
 * streamed as soon as its networks are done. The numbers do not depend on the thread count.
 */
final class HopfieldSweep {
    /** Patterns cued per network (all of them when P is smaller). */
    static final int CUES_PER_NETWORK = 16;
    /** Compute threads at most (the memory estimate counts this many workspaces). */
    static final int MAX_THREADS = 8;

    /** The points, the total neuron updates and the CPU time the networks took on their threads (ns). */
    record Sweep(List<HopfieldPoint> points, long updates, long cpuNanos) {}

    private HopfieldSweep() {}

    static Sweep run(HopfieldConfig c, RunContext ctx, int threads) {
        List<Double> alphas = c.alphas();
        int networks = alphas.size() * c.trials();
        int workers = Math.max(1, Math.min(Math.min(threads, MAX_THREADS), networks));
        int mixtureAt = 0;
        for (int a = 1; a < alphas.size(); a++) if (alphas.get(a) < alphas.get(mixtureAt)) mixtureAt = a;
        BlockingQueue<Workspace> spaces = new ArrayBlockingQueue<>(workers);
        List<Workspace> all = new ArrayList<>();
        List<HopfieldPoint> points = new ArrayList<>();
        long updates = 0;
        java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            for (int w = 0; w < workers; w++) {
                ctx.checkCancelled();
                Workspace ws = new Workspace(c.neurons(), c.maxPatterns(), CUES_PER_NETWORK);
                all.add(ws);
                spaces.add(ws);
            }
            try (ComputeThreads pool = ComputeThreads.open("hopfield-" + ctx.runId(), workers)) {
                List<List<Future<Network.Outcome>>> futures = new ArrayList<>();
                for (int a = 0; a < alphas.size(); a++) {
                    List<Future<Network.Outcome>> fs = new ArrayList<>();
                    double alpha = alphas.get(a);
                    boolean mixture = a == mixtureAt;
                    for (int t = 0; t < c.trials(); t++) {
                        int index = t;
                        fs.add(pool.submit(() -> {
                            Workspace ws = spaces.take();
                            long t0 = mx.getCurrentThreadCpuTime();
                            try {
                                return Network.run(c, alpha, index, ws, index == 0, mixture && index == 0, ctx::cancelled);
                            } finally {
                                cpu.addAndGet(mx.getCurrentThreadCpuTime() - t0);
                                spaces.put(ws);
                            }
                        }));
                    }
                    futures.add(fs);
                }
                int done = 0;
                for (int a = 0; a < alphas.size(); a++) {
                    List<Network.Outcome> outcomes = new ArrayList<>();
                    for (Future<Network.Outcome> f : futures.get(a)) {
                        outcomes.add(await(f, ctx));
                        done++;
                        ctx.progress((double) done / networks, String.format(Locale.ROOT, "α = %s: network %d of %d",
                                alphas.get(a), outcomes.size(), c.trials()));
                    }
                    HopfieldPoint point = aggregate(c, alphas.get(a), outcomes);
                    updates += point.neuronUpdates();
                    points.add(point);
                    ctx.point("alpha", point.values());
                    Network.Outcome first = outcomes.get(0);
                    ctx.point("recall", recallImages(c, alphas.get(a), first));
                    ctx.point("energy", energyTrace(c, alphas.get(a), first));
                    if (first.mixtureEnd != null) ctx.point("mixture", mixtureImages(c, alphas.get(a), first));
                }
            }
        } finally {
            for (Workspace ws : all) ws.close(); // the pool has stopped: no thread uses them any more
        }
        return new Sweep(points, updates, cpu.get());
    }

    private static <T> T await(Future<T> f, RunContext ctx) {
        while (true) {
            ctx.checkCancelled();
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // check for a cancel and wait again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException(cause);
            }
        }
    }

    static HopfieldPoint aggregate(HopfieldConfig c, double alpha, List<Network.Outcome> outcomes) {
        int n = c.neurons(), p = HopfieldConfig.patterns(alpha, n);
        int recalls = 0, retrieved = 0, spurious = 0, mixtures = 0, fixed = 0, stable = 0;
        long sweeps = 0, updates = 0, unstable = 0;
        double sum = 0, sumSq = 0;
        double[] networkMeans = new double[outcomes.size()];
        for (int t = 0; t < outcomes.size(); t++) {
            Network.Outcome o = outcomes.get(t);
            double s = 0;
            for (double m : o.overlaps) {
                s += m;
                sum += m;
                sumSq += m * m;
            }
            networkMeans[t] = s / o.overlaps.length;
            recalls += o.overlaps.length;
            retrieved += o.retrieved;
            spurious += o.spurious;
            mixtures += o.mixtures;
            fixed += o.fixedPoints;
            stable += o.stablePatterns;
            sweeps += o.sweeps;
            updates += o.updates;
            unstable += o.unstableBits;
        }
        double mean = sum / recalls;
        Double sem;
        if (outcomes.size() >= 2) sem = standardError(networkMeans);
        else if (recalls >= 2) sem = Math.sqrt(Math.max(0, (sumSq - recalls * mean * mean) / (recalls - 1)) / recalls);
        else sem = null;
        boolean theoryApplies = c.rule().equals("hebb") && c.temperature() == 0;
        AgsTheory.Solution ags = theoryApplies ? AgsTheory.retrieval(alpha) : null;
        Double theory = ags == null ? null : ags.overlap();
        return new HopfieldPoint(alpha, p, recalls, mean, sem, theory, theory == null ? null : mean - theory,
                (1 - mean) / 2, (double) retrieved / recalls, (double) stable / ((double) p * outcomes.size()),
                unstable / ((double) p * n * outcomes.size()),
                c.rule().equals("hebb") ? AgsTheory.unstableBitFraction(n, p) : null, spurious, mixtures,
                (double) fixed / recalls, (double) sweeps / recalls, updates);
    }

    private static double standardError(double[] x) {
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        return Math.sqrt(ss / (x.length - 1) / x.length);
    }

    private static Map<String, Object> recallImages(HopfieldConfig c, double alpha, Network.Outcome o) {
        int n = c.neurons();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("cueOverlap", overlap(o.pattern, o.cue));
        m.put("recallOverlap", overlap(o.pattern, o.recall));
        m.put("sweeps", o.traced.sweeps());
        m.put("fixedPoint", o.traced.fixedPoint());
        m.putAll(PatternTiles.of(List.of(o.pattern, o.cue, o.recall), n, 3));
        return m;
    }

    private static Map<String, Object> energyTrace(HopfieldConfig c, double alpha, Network.Outcome o) {
        int n = c.neurons();
        AsynchronousDynamics.EnergyTrace tr = o.trace;
        List<Double> sweeps = new ArrayList<>(tr.size()), energy = new ArrayList<>(tr.size());
        for (int i = 0; i < tr.size(); i++) {
            sweeps.add(tr.update(i) / n);
            energy.add(tr.energy(i));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("sweeps", sweeps);
        m.put("energy", energy);
        m.put("fixedPoint", o.traced.fixedPoint());
        return m;
    }

    private static Map<String, Object> mixtureImages(HopfieldConfig c, double alpha, Network.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", alpha);
        m.put("overlaps", List.of(o.mixtureOverlaps[0], o.mixtureOverlaps[1], o.mixtureOverlaps[2]));
        m.put("startFixedPoint", o.mixtureStartFixed);
        m.put("endFixedPoint", o.mixtureEndFixed);
        m.put("flips", o.mixtureFlips);
        m.putAll(PatternTiles.of(List.of(o.mixtureParts[0], o.mixtureParts[1], o.mixtureParts[2], o.mixtureStart, o.mixtureEnd),
                c.neurons(), 5));
        return m;
    }

    static double overlap(float[] a, float[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) d += a[i] * b[i];
        return d / a.length;
    }
}

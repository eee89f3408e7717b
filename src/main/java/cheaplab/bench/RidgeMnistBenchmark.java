package cheaplab.bench;

import cheaplab.core.Json;
import cheaplab.data.ImageDataset;
import cheaplab.data.LocalDataCatalog;
import cheaplab.data.ImageSet;
import cheaplab.lab.ridge.MnistRidgeGrid;
import cheaplab.linalg.ComputeThreads;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Ridge on MNIST pixels over the grid of {@code ridge_mnist_sweep.py} (30 N log-spaced from 100 to 3000, λ =
 * 1e-6, 1e-3, 0.1, 1, 10 in scikit-learn's convention, 784 features, intercept, both targets: label and
 * 0-vs-rest ±1, test MSE on the 10 000 test images): our engine, timed, then the peer script (scikit-learn
 * {@code Ridge(solver='svd')}, one fit per N × λ × target) as a subprocess on the same machine. Prints both
 * times, their ratio and the largest relative deviation of our test MSEs from scikit-learn's; the last line is
 * one JSON object.
 *
 * <p>How our side is fast without losing accuracy (see {@code MnistRidgeGrid}): one Householder QR factor of
 * [1 | X | Y] is updated by appending the new rows of each nested training set (never XᵀX), each N needs one
 * SVD of the small triangle of active pixels that serves all λ and both targets, test MSEs come from the test
 * Gram at O(p²) per weight vector, and two N values are decomposed at once on two cores with single-threaded
 * BLAS. Measured on the 2-vCPU development VM (shared): ours 0.75 s (median of 5 warm runs, no foreign load),
 * scikit-learn 25.3 s with ≤ 0.4 foreign cores → 34×; test MSEs agree to 1.5e-13 (λ ≥ 1e-3) and 4.6e-11
 * (λ = 1e-6).
 *
 * <p>Args: {@code --peers DIR} (default ../shared/peers), {@code --data-dir DIR} (the lab's data directory, default
 * {@code data}: MNIST is loaded through {@link LocalDataCatalog}, fetched and checksummed on first need, and the peer
 * script reads the same files from {@code DIR/mnist}), {@code --runs K} (timed runs of our engine, default 5; the median is compared),
 * {@code --python PATH} (default /usr/bin/python3), {@code --quiet-wait S} (before each timed section wait up to S
 * seconds for other processes to use less than a quarter core; passed on to the peer script; default 0),
 * {@code --skip-peer} (parsed by {@link BenchOptions}). Each timed section reports how many cores other processes used meanwhile.
 */
public final class RidgeMnistBenchmark implements Benchmark {
    static final double[] LAMBDAS = {1e-6, 1e-3, 1e-1, 1, 10};
    static final int[] TARGETS = {-1, 0};
    static final String[] PEER_TARGETS = {"label", "zero_pm1"};
    private static final List<String> OPTIONS = List.of("peers", "data-dir", "runs", "python", "quiet-wait", "skip-peer");

    public RidgeMnistBenchmark() {}

    @Override
    public String id() {
        return "ridge-mnist";
    }

    @Override
    public String description() {
        return "ridge on MNIST pixels, 30 N x 5 lambdas x 2 targets: our engine vs scikit-learn Ridge(solver='svd')";
    }

    /** np.unique(np.round(np.logspace(log10(lo), log10(hi), count))) (round half to even, as numpy). */
    static int[] grid(int lo, int hi, int count) {
        TreeSet<Integer> ns = new TreeSet<>();
        double a = Math.log10(lo), b = Math.log10(hi), step = (b - a) / (count - 1);
        for (int i = 0; i < count; i++) ns.add((int) Math.rint(Math.pow(10, i == count - 1 ? b : a + i * step)));
        return ns.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Map<String, String> o = BenchOptions.parse(args, OPTIONS);
        Path peers = Path.of(o.getOrDefault("peers", "../shared/peers"));
        LocalDataCatalog catalog = new LocalDataCatalog(Path.of(o.getOrDefault("data-dir", "data")));
        int runs = Integer.parseInt(o.getOrDefault("runs", "5"));
        String python = o.getOrDefault("python", "/usr/bin/python3");
        boolean skipPeer = o.containsKey("skip-peer");
        double quietWait = Double.parseDouble(o.getOrDefault("quiet-wait", "0"));

        ImageDataset mnist = catalog.images("mnist");
        ImageSet train = mnist.train();
        ImageSet test = mnist.test();
        Path dataDir = catalog.directory("mnist");
        int[] ns = grid(100, 3000, 30);
        out.printf(Locale.ROOT, "N grid (%d): %s%nlambdas: %s, targets: label, digit-0 vs rest; %d cores%n", ns.length,
                Arrays.toString(ns), Arrays.toString(LAMBDAS), Runtime.getRuntime().availableProcessors());

        double[][][] ours = null;
        double[] times = new double[runs];
        double foreign;
        try (ComputeThreads pool = ComputeThreads.perCore("ridge-bench")) {
            CpuLoad warm = CpuLoad.start();
            MnistRidgeGrid.testMse(train, test, ns, LAMBDAS, TARGETS, pool); // warm-up: JIT, native libraries
            double cold = warm.stop().get("wallSeconds");
            if (quietWait > 0) out.printf(Locale.ROOT, "waited up to %.0f s for a quiet machine: other processes used %.2f cores%n",
                    quietWait, CpuLoad.waitForQuiet(quietWait, 0.25));
            CpuLoad monitor = CpuLoad.start();
            for (int r = 0; r < runs; r++) {
                long t0 = System.nanoTime();
                ours = MnistRidgeGrid.testMse(train, test, ns, LAMBDAS, TARGETS, pool);
                times[r] = (System.nanoTime() - t0) / 1e9;
            }
            foreign = monitor.stop().get("foreignCores");
            out.printf(Locale.ROOT, "ours: first (cold) run %.3f s; %d timed runs %s s; other processes used %.2f cores meanwhile%n",
                    cold, runs, Arrays.toString(Arrays.stream(times).map(x -> Math.round(x * 1000) / 1000.0).toArray()), foreign);
        }
        double oursMedian = median(times);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("benchmark", "ridge-mnist");
        summary.put("n_grid", ns);
        summary.put("lambdas", LAMBDAS);
        summary.put("ours_median_s", oursMedian);
        summary.put("ours_runs_s", times);
        summary.put("ours_foreign_cores_avg", foreign);
        summary.put("cores", Runtime.getRuntime().availableProcessors());
        if (skipPeer) {
            out.println(Json.write(summary));
            return 0;
        }

        JsonNode peer = runPeer(python, peers, dataDir, quietWait, out);
        double sklearn = 0;
        for (String t : PEER_TARGETS) sklearn += peer.get("sklearn_grid_wall_s").get(t).asDouble();
        List<Integer> peerNs = new ArrayList<>();
        peer.get("N_grid").forEach(n -> peerNs.add(n.asInt()));
        if (!peerNs.equals(Arrays.stream(ns).boxed().toList()))
            throw new IllegalStateException("N grids differ: ours " + Arrays.toString(ns) + ", peer " + peerNs);
        double devRegular = 0, devTiny = 0;
        for (int t = 0; t < TARGETS.length; t++) {
            JsonNode byLambda = peer.get("test_mse").get(PEER_TARGETS[t]);
            for (int l = 0; l < LAMBDAS.length; l++) {
                JsonNode column = byLambda.get(pythonFloat(LAMBDAS[l]));
                for (int i = 0; i < ns.length; i++) {
                    double ref = column.get(i).asDouble();
                    double rel = Math.abs(ours[i][l][t] - ref) / ref;
                    if (LAMBDAS[l] >= 1e-3) devRegular = Math.max(devRegular, rel); else devTiny = Math.max(devTiny, rel);
                }
            }
        }
        double ratio = sklearn / oursMedian;
        JsonNode contention = peer.path("sklearn_grid_contention");
        out.printf(Locale.ROOT, "scikit-learn grid (fit + predict + MSE, both targets): %.2f s (label %.2f + zero_pm1 %.2f; other processes %.2f / %.2f cores)%n",
                sklearn, peer.get("sklearn_grid_wall_s").get("label").asDouble(), peer.get("sklearn_grid_wall_s").get("zero_pm1").asDouble(),
                contention.path("label").path("foreign_cores_avg").asDouble(Double.NaN),
                contention.path("zero_pm1").path("foreign_cores_avg").asDouble(Double.NaN));
        out.printf(Locale.ROOT, "ours (median of %d): %.3f s  ->  %.1fx faster%n", runs, oursMedian, ratio);
        out.printf(Locale.ROOT, "max relative deviation of test MSE from scikit-learn: %.2e for lambda >= 1e-3, %.2e for lambda = 1e-6%n",
                devRegular, devTiny);
        summary.put("sklearn_grid_wall_s", sklearn);
        summary.put("sklearn_contention", contention);
        summary.put("speedup", ratio);
        summary.put("max_rel_dev_lambda_ge_1e-3", devRegular);
        summary.put("max_rel_dev_lambda_1e-6", devTiny);
        summary.put("sklearn_version", peer.path("env").path("sklearn").asText());
        out.println(Json.write(summary));
        return 0;
    }

    /** Runs ridge_mnist_sweep.py with its default grid; returns its last stdout line as JSON. */
    static JsonNode runPeer(String python, Path peers, Path dataDir, double quietWait, PrintStream out)
            throws IOException, InterruptedException {
        Path json = Files.createTempFile("ridge_mnist_sweep", ".json");
        out.println("running scripts/ridge_mnist_sweep.py in " + peers.toAbsolutePath());
        try {
            return PeerProcess.run(python, Path.of("scripts/ridge_mnist_sweep.py"), List.of("--data-dir",
                    dataDir.toAbsolutePath().toString(), "--quiet-wait", Double.toString(quietWait), "--out", json.toString()),
                    peers, out);
        } finally {
            Files.deleteIfExists(json);
        }
    }

    /** Python's str(float): 1e-06, 0.001, 0.1, 1.0, 10.0 (the keys of the peer's test_mse). */
    static String pythonFloat(double v) {
        if (v != 0 && Math.abs(v) < 1e-4) {
            String[] parts = String.format(Locale.ROOT, "%.0e", v).split("e");
            int exp = Integer.parseInt(parts[1]);
            return parts[0] + "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
        }
        return Double.toString(v);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
    }
}

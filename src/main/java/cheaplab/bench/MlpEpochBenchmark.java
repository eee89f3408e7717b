package cheaplab.bench;

import cheaplab.data.ImageDataset;
import cheaplab.lab.mlp.DenseBackpropagation;
import cheaplab.lab.mlp.ElasticDistortion;
import cheaplab.lab.mlp.MlpConfig;
import cheaplab.lab.mlp.MlpNetwork;
import com.fasterxml.jackson.databind.JsonNode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static cheaplab.bench.RootFormat.f;

/**
 * {@code mlp-epoch}: one epoch of 784-1000-500-10 (tanh, softmax cross-entropy, plain SGD, batch 100, η 0.1, 60,000
 * MNIST images in [0, 1], reshuffled) with the lab's network — trained by the lab's engine ({@link DenseBackpropagation}
 * on the DL4J network's parameters) and, from the same initialisation, by DL4J's stock {@code MultiLayerNetwork.fit()}
 * per batch — side by side with the peer {@code mlp_mnist.py --backend torch} (PyTorch on the same machine; when torch
 * is not installed it says so, and {@code --backend numpy} — the same net by hand — is run as the reference instead),
 * the fraction of the measured float GEMM rate reached (flops counted as the peer does), and the elastic-distortion
 * throughput (images/s per thread and with every core) against what training consumes.
 *
 * <p>Goals (issue #9): epoch time ratio ours / PyTorch ≤ 1.0; distorted images/s ≥ 2× the images/s training consumes.
 */
public final class MlpEpochBenchmark implements Benchmark {
    private static final List<String> OPTIONS = List.of("data-dir", "peers", "python", "hidden", "epochs", "skip-peer",
            "augment-images", "threads");
    private static final int PIXELS = 784;

    @Override
    public String id() {
        return "mlp-epoch";
    }

    @Override
    public String description() {
        return "MLP 784-1000-500-10 tanh SGD batch 100: one MNIST epoch, the lab's engine and DL4J fit() vs PyTorch, % of the GEMM rate, augmentation throughput";
    }

    public static void main(String[] args) throws Exception {
        System.exit(new MlpEpochBenchmark().run(List.of(args), System.out));
    }

    static long flopsPerImage(int[] sizes) {
        long fwd = 0;
        for (int i = 0; i + 1 < sizes.length; i++) fwd += 2L * sizes[i] * sizes[i + 1];
        return fwd + (2 * fwd - 2L * sizes[0] * sizes[1]);
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Map<String, String> o = BenchOptions.parse(args, OPTIONS);
        if (!Nd4j.getEnvironment().isCPU()) {
            out.println("mlp-epoch times the lab's CPU engine against PyTorch on the CPU; this build's ND4J backend is not the CPU");
            return 2;
        }
        List<Integer> hidden = new ArrayList<>();
        for (String s : o.getOrDefault("hidden", "1000,500").split(",")) hidden.add(Integer.parseInt(s.trim()));
        int epochs = Integer.parseInt(o.getOrDefault("epochs", "1"));
        Path peers = Path.of(o.getOrDefault("peers", "../shared/peers"));
        String python = o.getOrDefault("python", "/usr/bin/python3");
        Path dir = BenchMnist.directory(o);
        ImageDataset ds = BenchMnist.load(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("benchmark", id());
        json.put("cores", Runtime.getRuntime().availableProcessors());

        // GEMM rate (float, one thread: the lab's BLAS setting).
        double gemm = Math.max(GemmRate.nd4j(2048, 2048, 2048, 3), GemmRate.cblas(2048, 2048, 2048, 3));
        double gemmShape = GemmRate.cblas(100, 1000, 784, 5);
        out.println(f("== float GEMM rate: %.1f GFLOP/s (2048³), %.1f GFLOP/s (100×784·784×1000)", gemm, gemmShape));
        json.put("gemm_gflops", gemm);
        json.put("gemm_gflops_100x784x1000", gemmShape);

        // Ours: the lab's network, DL4J fit() per batch of 100.
        MlpConfig cfg = new MlpConfig("mnist", hidden, "tanh", "xavier", 100, 0.1, 1, 0, 0, 0, 1, 59_000, 1_000, 10_000,
                false, 5, 34, 0, 0, "unit", 0, 1);
        int[] sizes = cfg.layerSizes();
        long flops = flopsPerImage(sizes);
        int n = ds.train().count(), b = 100;
        float[] x = new float[n * PIXELS];
        byte[] px = ds.train().pixels();
        for (int i = 0; i < x.length; i++) x[i] = (px[i] & 0xFF) / 255f;
        Map<String, Object> ours = new LinkedHashMap<>();
        double best = Double.NaN, fitBest = Double.NaN;
        for (String engine : List.of("fused", "fit")) {
            MultiLayerNetwork net = MlpNetwork.build(cfg, 1, DataType.FLOAT);
            DenseBackpropagation fused = engine.equals("fused") ? new DenseBackpropagation(net, cfg, 100) : null;
            SplittableRandom rng = new SplittableRandom(0);
            List<Double> times = new ArrayList<>();
            double lastLoss = Double.NaN;
            for (int e = 0; e < epochs; e++) {
                int[] order = new int[n];
                for (int i = 0; i < n; i++) order[i] = i;
                for (int i = n - 1; i > 0; i--) { int j = rng.nextInt(i + 1), t = order[i]; order[i] = order[j]; order[j] = t; }
                CpuLoad load = CpuLoad.start();
                long t0 = System.nanoTime();
                double lossSum = 0;
                float[] bx = new float[b * PIXELS], by = new float[b * 10];
                for (int k = 0; k < n / b; k++) {
                    java.util.Arrays.fill(by, 0f);
                    for (int i = 0; i < b; i++) {
                        int img = order[k * b + i];
                        System.arraycopy(x, img * PIXELS, bx, i * PIXELS, PIXELS);
                        by[i * 10 + ds.train().label(img)] = 1f;
                    }
                    if (fused != null) {
                        lossSum += fused.update(bx, by, b, 0.1, null);
                    } else {
                        INDArray xa = Nd4j.create(bx, new long[]{b, PIXELS}, 'c'), ya = Nd4j.create(by, new long[]{b, 10}, 'c');
                        net.fit(xa, ya);
                        lossSum += net.score();
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                double foreign = load.stop().get("foreignCores");
                times.add(s);
                lastLoss = lossSum / (n / b);
                out.println(f("  ours (%s) epoch %d: %.2f s, %.0f images/s, %.1f GFLOP/s (%.1f%% of the GEMM rate), loss %.4f; foreign load %.2f cores",
                        engine, e + 1, s, n / s, flops * (n / s) / 1e9, 100 * flops * (n / s) / 1e9 / gemm, lastLoss, foreign));
            }
            if (fused != null) fused.close();
            net.close();
            double t = times.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", engine.equals("fused")
                    ? "the lab's engine: DenseBackpropagation on the DL4J network's parameters (3 GEMMs per layer + fused element-wise passes)"
                    : "DL4J's stock MultiLayerNetwork.fit() per batch (DenseLayer, RowSoftmax output, Sgd)");
            m.put("epoch_s", t);
            m.put("images_per_s", n / t);
            m.put("gflops", flops * (n / t) / 1e9);
            m.put("percent_of_gemm_rate", 100 * flops * (n / t) / 1e9 / gemm);
            m.put("train_loss", lastLoss);
            ours.put(engine, m);
            if (engine.equals("fused")) best = t;
            else fitBest = t;
        }
        json.put("ours", ours);

        // Augmentation throughput: Simard distortion with rotation and scaling (the paper's σ = 6, α = 36, 15°, 15%).
        int augmentImages = Integer.parseInt(o.getOrDefault("augment-images", "20000"));
        int threads = Integer.parseInt(o.getOrDefault("threads", String.valueOf(Runtime.getRuntime().availableProcessors())));
        augment(x, Math.max(2000, augmentImages / 4), 1); // warm-up: the JIT compiles the distortion's loops first
        double one = augment(x, augmentImages, 1);
        double all = threads > 1 ? augment(x, augmentImages, threads) : one;
        double consumed = n / best;
        out.println(f("== augmentation: %.0f distorted images/s on 1 thread, %.0f on %d; training consumes %.0f images/s: %.1f× (1 thread)",
                one, all, threads, consumed, one / consumed));
        Map<String, Object> aug = new LinkedHashMap<>();
        aug.put("images_per_s_one_thread", one);
        aug.put("images_per_s_all_threads", all);
        aug.put("threads", threads);
        aug.put("training_images_per_s", consumed);
        aug.put("ratio_one_thread", one / consumed);
        json.put("augmentation", aug);

        // The peer.
        if (!o.containsKey("skip-peer")) {
            Path script = peers.resolve("scripts/mlp_mnist.py");
            String hiddenArg = String.join(",", hidden.stream().map(String::valueOf).toList());
            Map<String, Object> peer = new LinkedHashMap<>();
            for (String backend : List.of("torch", "numpy")) {
                try {
                    JsonNode r = PeerProcess.run(python, script, List.of("--backend", backend, "--data-dir", dir.toString(),
                            "--epochs", "" + epochs, "--hidden", hiddenArg, "--threads", "1", "--out", "/tmp/mlp_mnist_bench_" + backend + ".json"),
                            null, new PrintStream(java.io.OutputStream.nullOutputStream()));
                    double s = Double.NaN;
                    for (JsonNode ep : r.path("epochs")) s = Double.isNaN(s) ? ep.path("epoch_s").asDouble() : Math.min(s, ep.path("epoch_s").asDouble());
                    peer.put(backend + "_epoch_s", s);
                    peer.put(backend + "_ratio", best / s);
                    peer.put(backend + "_ratio_dl4j_fit", fitBest / s);
                    out.println(f("  peer %s: %.2f s per epoch; ours / %s = %.2f (DL4J fit() / %s = %.2f)", backend, s, backend,
                            best / s, backend, fitBest / s));
                    if (backend.equals("torch")) break;
                } catch (Exception e) {
                    String why = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
                    peer.put(backend + "_error", why);
                    out.println("  peer " + backend + ": not run (" + why + ")"
                            + (backend.equals("torch") ? " — PyTorch is not installed here (apt-get install python3-torch); the numpy backend follows as a reference" : ""));
                }
            }
            json.put("peer", peer);
        }
        out.println(cheaplab.core.Json.write(json));
        return 0;
    }

    /** Distorted images per second with {@code threads} threads. */
    private static double augment(float[] x, int images, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            int per = (images + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                int from = t * per, to = Math.min(images, from + per);
                fs.add(pool.submit(() -> {
                    ElasticDistortion d = new ElasticDistortion(28, 28, 6, 36, 15, 0.15);
                    float[] dst = new float[PIXELS];
                    for (int i = from; i < to; i++) d.apply(x, (i % 60_000) * PIXELS, dst, 0, ElasticDistortion.random(1, 1, i));
                }));
            }
            for (Future<?> f : fs) f.get();
            return images / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }
}

package cheaplab.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Which runs the soak submits and what it does to each: a seeded mix of the labs' configs (small enough that a
 * run takes seconds, large enough to exercise every native path: SVD sweeps, QR updates, CD and PCD, exact log Z,
 * AIS, the MLP's fused updates on DL4J's parameters) and of what a client does meanwhile.
 */
final class SoakPlan {
    /** What the soak does to a run after submitting it. */
    enum Action {
        /** a WebSocket client reads the stream to its end event */
        WATCH,
        /** a WebSocket client closes its socket after a few events, mid-run */
        CLOSE_SOCKET,
        /** the run is cancelled mid-run (after it has started), a client watching */
        CANCEL
    }

    record Step(int index, String lab, Map<String, Object> config, Action action, long cancelAfterMillis) {}

    private static final List<Map<String, Object>> RIDGE = List.of(
            Map.of("dataset", "isotropic", "repeats", 10),
            Map.of("dataset", "spectrum", "repeats", 6, "decay", 1.5),
            Map.of("dataset", "correlated", "repeats", 4, "correlation", 0.9),
            Map.of("dataset", "isotropic", "features", 400, "repeats", 3,
                    "instances", List.of(100, 200, 300, 380, 400, 420, 500, 800, 1200)));

    private static final List<Map<String, Object>> RBM = List.of(
            Map.of("hidden", 16, "epochs", 3, "trainImages", 3000, "validationImages", 500, "testImages", 1000,
                    "aisRuns", 20, "aisBetas", 800, "evalEvery", 1),
            Map.of("hidden", 64, "k", 3, "epochs", 2, "trainImages", 3000, "validationImages", 500, "testImages", 1000,
                    "aisRuns", 20, "aisBetas", 600, "evalEvery", 1),
            Map.of("hidden", 20, "persistent", true, "epochs", 3, "batchSize", 50, "trainImages", 3000,
                    "validationImages", 500, "testImages", 1000, "aisRuns", 16, "aisBetas", 500, "evalEvery", 1));

    /** Small nets on real digits: the fused engine's GEMMs and kernels, momentum, clipping, distortion workers. */
    private static final List<Map<String, Object>> MLP = List.of(
            Map.of("hidden", List.of(64, 32), "batchSize", 20, "epochs", 3, "trainImages", 3000, "validationImages", 500,
                    "testImages", 1000, "distortion", true),
            Map.of("hidden", List.of(100), "activation", "relu", "init", "he", "momentum", 0.9, "batchSize", 50,
                    "epochs", 3, "trainImages", 3000, "validationImages", 500, "testImages", 1000, "distortion", false),
            Map.of("hidden", List.of(50, 50, 50), "activation", "tanh", "init", "xavier", "clipNorm", 1.0, "batchSize", 10,
                    "epochs", 2, "trainImages", 2000, "validationImages", 500, "testImages", 1000, "distortion", true));

    /** The configs per lab the soak can mix. */
    static final Map<String, List<Map<String, Object>>> POOLS = Map.of("ridge", RIDGE, "rbm", RBM, "mlp", MLP);

    private SoakPlan() {}

    /** {@code runs} steps; every lab in {@code labs} and every action appear, seeded by {@code seed}. */
    static List<Step> of(int runs, Set<String> labs, long seed) {
        Random rnd = new Random(seed);
        List<String> order = labs.stream().sorted().toList();
        List<Step> steps = new ArrayList<>(runs);
        for (int i = 0; i < runs; i++) {
            String lab = order.get(i % order.size());
            List<Map<String, Object>> pool = POOLS.get(lab);
            Map<String, Object> config = new java.util.LinkedHashMap<>(pool.get(rnd.nextInt(pool.size())));
            config.put("seed", 1 + rnd.nextInt(1_000_000));
            // per lab, every fifth run is cancelled and every fourth of the rest loses its client mid-stream
            int round = i / order.size();
            Action action = round % 5 == 2 ? Action.CANCEL : round % 4 == 1 ? Action.CLOSE_SOCKET : Action.WATCH;
            long cancelAfter = action == Action.CANCEL ? 200 + rnd.nextInt(1500) : 0;
            steps.add(new Step(i, lab, Map.copyOf(config), action, cancelAfter));
        }
        return List.copyOf(steps);
    }
}

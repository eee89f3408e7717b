package cheaplab.bench;

import java.util.List;
import java.util.Optional;

/** The one list of benchmarks the CLI offers ({@code bench} lists them, {@code bench <id> [args]} runs one). */
public final class Benchmarks {
    private Benchmarks() {}

    /** Every benchmark of the product. Add a line here to register one. */
    public static List<Benchmark> all() {
        return List.of(
                // benchmarks register here, comma-separated
                new RidgeMnistBenchmark(),
                new RbmCdBenchmark(),
                new AisBenchmark(),
                new WsSocketsBenchmark()
        );
    }

    public static Optional<Benchmark> find(List<Benchmark> benchmarks, String id) {
        return benchmarks.stream().filter(b -> b.id().equals(id)).findFirst();
    }
}

package cheaplab.bench;

import java.util.List;
import java.util.Optional;

/** Looking up a benchmark by id among those the composition root ({@code App.benchmarks()}) registers. */
public final class Benchmarks {
    private Benchmarks() {}

    public static Optional<Benchmark> find(List<Benchmark> benchmarks, String id) {
        return benchmarks.stream().filter(b -> b.id().equals(id)).findFirst();
    }
}

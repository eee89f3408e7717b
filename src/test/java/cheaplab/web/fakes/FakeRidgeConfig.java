package cheaplab.web.fakes;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;

import java.util.List;

/**
 * Stands in for {@code cheaplab.lab.ridge.RidgeConfig} while the UI is built on its own branch: the same
 * components, defaults and range checks as RIDGE-CONTRACT.md, so pages and forms are exercised as with the
 * real record.
 */
public record FakeRidgeConfig(String dataset, int features, List<Integer> instances, List<Double> lambdas,
                              String lambdaScaling, int repeats, double noise, double signal, double decay,
                              double correlation, String target, int focusInstances, int cvFolds, boolean classify,
                              long seed) {
    public FakeRidgeConfig {
        Check.oneOf("dataset", dataset, "isotropic", "spectrum", "correlated", "mnist");
        Check.range("features", features, 1, 4096);
        if (dataset.equals("mnist") && features != 784)
            throw new ConfigException("features", "must be 784 (the MNIST pixels) for dataset mnist, was " + features);
        instances = Check.ints("instances", instances, 60, 1, dataset.equals("mnist") ? 60_000 : 20_000);
        lambdas = Check.doubles("lambdas", lambdas, 12, 0, 1e6);
        Check.oneOf("lambdaScaling", lambdaScaling, "mean", "sum");
        Check.range("repeats", repeats, 1, 200);
        Check.range("noise", noise, 0, 1e3);
        Check.positive("signal", signal);
        Check.range("signal", signal, 0, 1e3);
        Check.range("decay", decay, 0, 4);
        Check.range("correlation", correlation, 0, 0.999);
        Check.required("target", target);
        if (!target.equals("digit") && !target.matches("digit-[0-9]"))
            throw new ConfigException("target", "must be digit or digit-0 … digit-9, was '" + target + "'");
        Check.range("focusInstances", focusInstances, 0, 60_000);
        Check.range("cvFolds", cvFolds, 2, 20);
        int max = instances.stream().mapToInt(Integer::intValue).max().orElse(0);
        Check.memory("instances", (double) features * max * 8 * 4);
    }

    public static FakeRidgeConfig defaults() {
        return new FakeRidgeConfig("isotropic", 200,
                List.of(50, 58, 67, 78, 90, 105, 121, 141, 163, 180, 190, 200, 210, 222, 250, 300, 400, 520, 700, 1000),
                List.of(1e-6, 1e-3, 0.1, 1.0), "mean", 10, 0.5, 1.0, 1.0, 0.9, "digit", 0, 5, true, 1L);
    }
}

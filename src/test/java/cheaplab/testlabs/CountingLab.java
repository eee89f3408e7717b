package cheaplab.testlabs;

import cheaplab.core.Check;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;
import cheaplab.core.Seeds;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Test lab: deterministic points i = 1..points of series "count" with value = scale·i + noise(seed), a progress
 * call per point (exercises throttling) and a result that depends on every number and the seed.
 */
public final class CountingLab implements Lab<CountingLab.Config, CountingLab.Result> {

    public enum Mode { SUM, MEAN }

    public record Config(int points, double scale, List<Double> rates, List<Integer> sizes, boolean noisy,
                         String label, Mode mode, long seed) {
        public Config {
            Check.range("points", points, 0, 1_000_000);
            Check.positive("scale", scale);
            Check.range("scale", scale, 0, 1e6);
            rates = Check.doubles("rates", rates, 10, 0, 1e3);
            sizes = Check.ints("sizes", sizes, 10, 1, 100_000);
            Check.required("label", label);
            Check.required("mode", mode);
            Check.memory("points", points * 8.0 * 1000);
        }
    }

    public record Result(Config config, int count, double sum, double last, List<Double> rates) {}

    @Override public String id() { return "count"; }
    @Override public String title() { return "Counting"; }
    @Override public String summary() { return "Counts, deterministically."; }
    @Override public Class<Config> configType() { return Config.class; }

    @Override
    public Config defaults() {
        return new Config(100, 1.0, List.of(1e-3, 0.1), List.of(10, 20), true, "a, \"quoted\" label", Mode.SUM, 7);
    }

    /**
     * The values the lab must compute for a run of {@code points} points with this seed, restated from the definition
     * (value i = scale·i + the i-th standard Gaussian of the run seed's {@code noise} stream), for tests that check
     * which seed a run really used: the result embeds its config, so its {@code seed} field proves nothing.
     */
    public static double[] expectedValues(long seed, int points, double scale) {
        SplittableRandom noise = Seeds.stream(seed, "noise");
        double[] v = new double[points];
        for (int i = 0; i < points; i++) v[i] = scale * (i + 1) + noise.nextGaussian();
        return v;
    }

    @Override
    public Result run(Config c, RunContext ctx) {
        SplittableRandom rng = Seeds.stream(ctx.seed(), "noise");
        double sum = 0, v = 0;
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 1; i <= c.points(); i++) {
            ctx.checkCancelled();
            v = c.scale() * i + (c.noisy() ? rng.nextGaussian() : 0);
            sum += v;
            values.clear(); // the runtime must copy: we reuse this map
            values.put("i", i);
            values.put("value", v);
            if (i % 10 == 0) values.put("tenth", i / 10);
            ctx.point("count", values);
            ctx.progress((double) i / c.points(), "point " + i);
        }
        ctx.log("counted " + c.points());
        return new Result(c, c.points(), c.mode() == Mode.SUM ? sum : sum / Math.max(1, c.points()), v, c.rates());
    }
}

package cheaplab.testlabs;

import cheaplab.core.DivergedException;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;

import java.util.Map;

/** Test lab: {@code before} points, then the loss "becomes NaN". */
public final class DivergingLab implements Lab<DivergingLab.Config, DivergingLab.Result> {
    public record Config(int before, long seed) {}

    public record Result(int steps) {}

    @Override public String id() { return "diverge"; }
    @Override public String title() { return "Diverging"; }
    @Override public String summary() { return "Blows up."; }
    @Override public Class<Config> configType() { return Config.class; }
    @Override public Config defaults() { return new Config(5, 1); }

    @Override
    public Result run(Config c, RunContext ctx) {
        for (int i = 1; i <= c.before(); i++) ctx.point("loss", Map.of("step", i, "loss", Math.pow(10, i)));
        throw new DivergedException("loss became NaN at step " + (c.before() + 1));
    }
}

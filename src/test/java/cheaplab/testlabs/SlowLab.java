package cheaplab.testlabs;

import cheaplab.core.Check;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test lab: waits at an optional named {@link Gates gate} (checking for cancellation), then takes {@code steps}
 * steps of {@code sleepMillis}, one point each, checking for cancellation between steps.
 */
public final class SlowLab implements Lab<SlowLab.Config, SlowLab.Result> {
    public record Config(int steps, int sleepMillis, String gate, long seed) {
        public Config {
            Check.range("steps", steps, 0, 1_000_000);
            Check.range("sleepMillis", sleepMillis, 0, 60_000);
        }
    }

    public record Result(int steps) {}

    @Override public String id() { return "slow"; }
    @Override public String title() { return "Slow"; }
    @Override public String summary() { return "Takes its time."; }
    @Override public Class<Config> configType() { return Config.class; }
    @Override public Config defaults() { return new Config(10, 10, "", 1); }

    @Override
    public Result run(Config c, RunContext ctx) throws InterruptedException {
        if (c.gate() != null && !c.gate().isEmpty()) {
            Gates.arrived(c.gate()).countDown();
            while (!Gates.gate(c.gate()).await(5, TimeUnit.MILLISECONDS)) ctx.checkCancelled();
        }
        for (int i = 1; i <= c.steps(); i++) {
            ctx.checkCancelled();
            if (c.sleepMillis() > 0) Thread.sleep(c.sleepMillis());
            ctx.point("step", Map.of("i", i));
        }
        return new Result(c.steps());
    }
}

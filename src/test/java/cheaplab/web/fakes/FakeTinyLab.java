package cheaplab.web.fakes;

import cheaplab.core.Check;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;

import java.util.List;

/** A second lab without its own template, so the generic lab page and form are exercised. */
public final class FakeTinyLab implements Lab<FakeTinyLab.Config, FakeTinyLab.Result> {
    public record Config(int steps, double rate, List<Double> widths, boolean verbose, String mode, long seed) {
        public Config {
            Check.range("steps", steps, 1, 1000);
            Check.positive("rate", rate);
            widths = Check.doubles("widths", widths, 5, 0, 10);
            Check.oneOf("mode", mode, "fast", "slow");
        }
    }

    public record Result(Config config) {}

    @Override public String id() { return "tiny"; }
    @Override public String title() { return "Tiny <test> lab"; }
    @Override public String summary() { return "A lab with a <b>generic</b> page."; }
    @Override public Class<Config> configType() { return Config.class; }
    @Override public Config defaults() { return new Config(10, 0.5, List.of(1.0, 2.0), false, "fast", 3); }
    @Override public boolean needsMnist(Config c) { return true; }

    @Override
    public Result run(Config config, RunContext ctx) {
        throw new UnsupportedOperationException("scripted by FakeRuns");
    }
}

package cheaplab.web.fakes;

import cheaplab.core.Lab;
import cheaplab.core.RunContext;

import java.util.Map;

/** Lab id {@code ridge} over {@link FakeRidgeConfig}; runs are scripted by {@link FakeRuns}, not computed here. */
public final class FakeRidgeLab implements Lab<FakeRidgeConfig, FakeRidgeLab.Result> {
    public record Result(FakeRidgeConfig config, Map<String, Object> summary) {}

    @Override public String id() { return "ridge"; }
    @Override public String title() { return "Regularization"; }
    @Override public String summary() {
        return "When regularization fails: ridge regression's test risk, variance and solution norm explode where "
                + "the number of features meets the number of instances, unless λ holds them down.";
    }
    @Override public Class<FakeRidgeConfig> configType() { return FakeRidgeConfig.class; }
    @Override public FakeRidgeConfig defaults() { return FakeRidgeConfig.defaults(); }
    @Override public boolean needsMnist(FakeRidgeConfig c) { return c.dataset().equals("mnist"); }

    @Override
    public Result run(FakeRidgeConfig config, RunContext ctx) {
        throw new UnsupportedOperationException("FakeRuns scripts the events of this lab; it is never run");
    }
}

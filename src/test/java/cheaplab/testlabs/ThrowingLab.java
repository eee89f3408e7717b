package cheaplab.testlabs;

import cheaplab.core.Check;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;

/** Test lab: fails in the way {@code kind} says. */
public final class ThrowingLab implements Lab<ThrowingLab.Config, ThrowingLab.Result> {
    public record Config(String kind, long seed) {
        public Config {
            Check.oneOf("kind", kind, "runtime", "error", "stackoverflow", "oom", "data", "multiline", "checked", "unserialisable");
        }
    }

    public record Result(Object payload) {}

    @Override public String id() { return "throw"; }
    @Override public String title() { return "Throwing"; }
    @Override public String summary() { return "Fails."; }
    @Override public Class<Config> configType() { return Config.class; }
    @Override public Config defaults() { return new Config("runtime", 1); }

    @Override
    public Result run(Config c, RunContext ctx) throws Exception {
        ctx.point("before", java.util.Map.of("x", 1));
        switch (c.kind()) {
            case "runtime" -> throw new IllegalStateException("matrix is singular");
            case "error" -> throw new AssertionError("invariant broken");
            case "stackoverflow" -> recurse(0);
            case "oom" -> {
                long[][] hog = new long[1024][];
                for (int i = 0; i < hog.length; i++) hog[i] = new long[Integer.MAX_VALUE - 8];
                return new Result(hog.length);
            }
            case "data" -> ctx.data().images("mnist");
            case "multiline" -> throw new IllegalArgumentException("line one\nline two\r\n  line three");
            case "checked" -> throw new java.io.IOException("disk on fire");
            case "unserialisable" -> { return new Result(new Object()); }
            default -> throw new IllegalStateException(c.kind());
        }
        return new Result(null);
    }

    private static int recurse(int n) {
        return recurse(n + 1) + 1;
    }
}

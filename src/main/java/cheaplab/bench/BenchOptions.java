package cheaplab.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The benchmarks' one argument parser: {@code --name value} pairs and bare {@code --flag}s, unknown names refused. */
final class BenchOptions {
    private BenchOptions() {}

    /** {@code --name value} pairs and bare {@code --flag}s (value "true"); throws on a name not in {@code known}. */
    static Map<String, String> parse(List<String> args, List<String> known) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) throw new IllegalArgumentException("unexpected argument '" + a + "'");
            String k = a.substring(2);
            if (!known.contains(k)) throw new IllegalArgumentException("unknown option --" + k + "; options: --" + String.join(", --", known));
            boolean hasValue = i + 1 < args.size() && !args.get(i + 1).startsWith("--");
            m.put(k, hasValue ? args.get(++i) : "true");
        }
        return m;
    }
}

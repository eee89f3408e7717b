package cheaplab.soak;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The soak's settings, from {@code --name value} flags.
 *
 * @param workers     the server's {@code --workers}
 * @param runs        how many runs to submit (at least 20: the memory baseline is taken after the first ten)
 * @param labs        the labs to mix ({@code ridge}, {@code rbm}, {@code mlp})
 * @param jar         the lab's jar the server is started from
 * @param dataDir     the server's data directory (MNIST is fetched into it on first need and reused)
 * @param heap        the server's heap, fixed and pre-touched ({@code -Xms = -Xmx}, {@code -XX:+AlwaysPreTouch}) so
 *                    that resident memory grows only through native allocations, metaspace and threads
 * @param mallocDebug run the server under glibc's heap checks ({@code MALLOC_CHECK_=3}, {@code MALLOC_PERTURB_})
 * @param seed        seeds the mix of configs and actions
 * @param keep        keep the server's log and run store after a passing soak
 */
record SoakOptions(int workers, int runs, Set<String> labs, Path jar, Path dataDir, String heap, boolean mallocDebug,
                   long seed, boolean keep) {

    static final String USAGE = """
            java -cp target/cheap-learning-lab.jar cheaplab.soak.Soak [flags]
              --workers N        the server's --workers (default 2)
              --runs N           runs to submit, at least 20 (default 48)
              --labs a,b         labs to mix: ridge, rbm, mlp (default all three)
              --jar FILE         the lab's jar (default: the jar this class was loaded from)
              --data-dir DIR     the server's data directory, MNIST cached there (default ./data)
              --heap SIZE        the server's fixed, pre-touched heap (default 1g)
              --no-malloc-debug  run without glibc's MALLOC_CHECK_=3 / MALLOC_PERTURB_
              --seed N           seeds the mix of configs and actions (default 1)
              --keep             keep the server log and run store even when the soak passes
            exit code 0: passed; 1: failed (the verdict says why); 2: bad flags
            """;

    static SoakOptions parse(List<String> args, Path defaultJar) {
        int workers = 2;
        int runs = 48;
        Set<String> labs = SoakPlan.POOLS.keySet();
        Path jar = defaultJar;
        Path dataDir = Path.of("data");
        String heap = "1g";
        boolean mallocDebug = true;
        long seed = 1;
        boolean keep = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--no-malloc-debug" -> mallocDebug = false;
                case "--keep" -> keep = true;
                case "--workers", "--runs", "--labs", "--jar", "--data-dir", "--heap", "--seed" -> {
                    if (i + 1 >= args.size()) throw new IllegalArgumentException(a + " needs a value");
                    String v = args.get(++i);
                    switch (a) {
                        case "--workers" -> workers = integer(a, v, 1, 64);
                        case "--runs" -> runs = integer(a, v, 20, 100_000);
                        case "--labs" -> labs = labs(v);
                        case "--jar" -> jar = Path.of(v);
                        case "--data-dir" -> dataDir = Path.of(v);
                        case "--heap" -> heap = heap(v);
                        case "--seed" -> seed = integer(a, v, 0, Integer.MAX_VALUE);
                        default -> throw new IllegalStateException(a);
                    }
                }
                default -> throw new IllegalArgumentException("unknown flag '" + a + "'");
            }
        }
        if (jar == null) throw new IllegalArgumentException("--jar: not loaded from a jar; name the lab's jar");
        return new SoakOptions(workers, runs, labs, jar, dataDir, heap, mallocDebug, seed, keep);
    }

    private static int integer(String name, String v, int min, int max) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'");
        }
    }

    private static Set<String> labs(String v) {
        Set<String> s = new java.util.TreeSet<>();
        for (String p : v.split(",")) {
            String lab = p.trim();
            if (!SoakPlan.POOLS.containsKey(lab))
                throw new IllegalArgumentException("--labs: unknown lab '" + lab + "' (" + String.join(", ", new java.util.TreeSet<>(SoakPlan.POOLS.keySet())) + ")");
            s.add(lab);
        }
        if (s.isEmpty()) throw new IllegalArgumentException("--labs: name at least one lab");
        return Set.copyOf(s);
    }

    private static String heap(String v) {
        if (!v.matches("[1-9][0-9]*[mMgG]")) throw new IllegalArgumentException("--heap must look like 768m or 2g, got '" + v + "'");
        return v;
    }
}

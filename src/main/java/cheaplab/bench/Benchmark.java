package cheaplab.bench;

import java.io.PrintStream;
import java.util.List;

/**
 * A performance benchmark run from the CLI ({@code java -jar … bench <id> [args]}), never from the test suite.
 * It measures our engine and its peer (scikit-learn, PyTorch…) side by side in one run on the same machine and
 * prints both times and their ratio; the last stdout line is one JSON object with the figures.
 */
public interface Benchmark {
    String id();

    String description();

    /** Runs the benchmark; returns the process exit code. */
    int run(List<String> args, PrintStream out) throws Exception;
}

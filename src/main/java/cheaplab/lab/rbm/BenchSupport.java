package cheaplab.lab.rbm;

import cheaplab.core.Json;
import cheaplab.core.RunContext;
import cheaplab.data.DataCatalog;
import cheaplab.data.DataUnavailableException;
import cheaplab.data.IdxReader;
import cheaplab.data.ImageDataset;
import cheaplab.data.ImageSet;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shared plumbing of the RBM benchmarks: arguments, MNIST loading, the peer subprocess, run contexts. */
final class BenchSupport {
    private BenchSupport() {}

    /** {@code --name value} pairs and bare {@code --flag}s. */
    static Map<String, String> options(List<String> args, List<String> known) {
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

    /** The MNIST directory: --data-dir (the lab's data dir holding mnist/, or the IDX folder), else $CHEAPLAB_DATA_DIR/mnist, ./data/mnist. */
    static Path mnistDir(Map<String, String> o) {
        if (o.containsKey("data-dir")) { // the lab's data directory (as for ridge-mnist), or the IDX folder itself
            Path dir = Path.of(o.get("data-dir"));
            return Files.isRegularFile(dir.resolve("mnist").resolve("train-images-idx3-ubyte")) ? dir.resolve("mnist") : dir;
        }
        List<Path> tries = new ArrayList<>();
        String env = System.getenv("CHEAPLAB_DATA_DIR");
        if (env != null) tries.add(Path.of(env, "mnist"));
        tries.add(Path.of("data", "mnist"));
        for (Path p : tries) if (Files.isRegularFile(p.resolve("train-images-idx3-ubyte"))) return p;
        throw new DataUnavailableException("MNIST IDX files not found in " + tries + "; pass --data-dir");
    }

    static ImageDataset mnist(Path dir) throws IOException {
        ImageSet train = IdxReader.read(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"));
        ImageSet test = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
        return new ImageDataset("mnist", train, test);
    }

    static DataCatalog catalog(ImageDataset ds) {
        return new DataCatalog() {
            @Override public List<String> ids() { return List.of(ds.id()); }
            @Override public boolean isLocal(String id) { return id.equals(ds.id()); }
            @Override public ImageDataset images(String id) {
                if (!id.equals(ds.id())) throw new DataUnavailableException(id);
                return ds;
            }
        };
    }

    /**
     * Runs a peer script and returns its last stdout line parsed as JSON (the peer protocol), echoing its other
     * lines indented. The BLAS thread variables of this JVM are not passed on: the peer sets its own.
     */
    static JsonNode peer(String python, Path script, List<String> args, PrintStream out) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("OMP_NUM_THREADS");
        pb.environment().remove("OPENBLAS_NUM_THREADS");
        Process p = pb.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (last != null) out.println("    | " + last);
                last = line;
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || last == null || !last.startsWith("{"))
            throw new IOException("peer " + script.getFileName() + " failed (exit " + rc + "): " + last);
        return Json.MAPPER.readTree(last);
    }

    /** A run context that discards everything (but counts points). */
    static final class QuietContext implements RunContext {
        private final DataCatalog data;
        int points;

        QuietContext(DataCatalog data) {
            this.data = data;
        }

        @Override public String runId() { return "bench"; }
        @Override public long seed() { return 0; }
        @Override public void progress(double fraction, String message) {}
        @Override public void point(String series, Map<String, ?> values) { points++; }
        @Override public void log(String message) {}
        @Override public boolean cancelled() { return false; }
        @Override public DataCatalog data() { return data; }
    }

    /** A run context that serialises every event to JSON, as the live runtime does before storing and sending it. */
    static final class JsonContext implements RunContext {
        private final DataCatalog data;
        int points;
        long bytes, nanos;

        JsonContext(DataCatalog data) {
            this.data = data;
        }

        @Override public String runId() { return "bench"; }
        @Override public long seed() { return 0; }
        @Override public void progress(double fraction, String message) {
            bytes += Json.write(Map.of("fraction", fraction, "message", message)).length();
        }
        @Override public void point(String series, Map<String, ?> values) {
            long t = System.nanoTime();
            points++;
            bytes += Json.write(Map.of("series", series, "values", values)).length();
            nanos += System.nanoTime() - t;
        }
        @Override public void log(String message) { bytes += message.length(); }
        @Override public boolean cancelled() { return false; }
        @Override public DataCatalog data() { return data; }
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}

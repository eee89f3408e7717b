package cheaplab.bench;

import cheaplab.core.Json;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmarks' one peer runner: runs a peer script (scikit-learn …) as a subprocess and returns its last
 * non-blank stdout line parsed as JSON (the peer protocol), echoing its other lines indented. The BLAS thread
 * variables of this JVM are not passed on: the peer runs with its library's default threading or sets its own.
 */
final class PeerProcess {
    private PeerProcess() {}

    /**
     * Runs {@code python script args…} in {@code directory} (null: this process's directory).
     *
     * @param echo where the peer's lines other than the last go, each prefixed {@code "    | "}
     */
    static JsonNode run(String python, Path script, List<String> args, Path directory, PrintStream echo)
            throws IOException, InterruptedException {
        Path resolved = directory == null ? script : directory.resolve(script);
        if (!Files.isRegularFile(resolved)) throw new IOException("peer script not found: " + resolved.toAbsolutePath());
        List<String> cmd = new ArrayList<>(List.of(python, script.toString()));
        cmd.addAll(args);
        return command(cmd, directory, echo);
    }

    /**
     * Runs any peer command (a compiled C reference …) with the same protocol: its last non-blank stdout line is
     * the JSON answer, the other lines are echoed indented.
     */
    static JsonNode command(List<String> cmd, Path directory, PrintStream echo) throws IOException, InterruptedException {
        String name = Path.of(cmd.get(0)).getFileName() + (cmd.size() > 1 ? " " + Path.of(cmd.get(1)).getFileName() : "");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (directory != null) pb.directory(directory.toFile());
        for (String v : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) pb.environment().remove(v);
        Process p = pb.start();
        String last = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                if (last != null) echo.println("    | " + last);
                last = line;
            }
        }
        int rc = p.waitFor();
        if (rc != 0 || last == null || !last.startsWith("{"))
            throw new IOException("peer " + name + " failed (exit " + rc + "): " + last);
        return Json.MAPPER.readTree(last);
    }
}

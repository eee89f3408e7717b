package cheaplab.lab.mlp;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The trained network as DL4J's own model file ({@link ModelSerializer}: a zip of {@code configuration.json} and
 * {@code coefficients.bin}; the updater state is left out), restorable with
 * {@code ModelSerializer.restoreMultiLayerNetwork}. {@link ModelSerializer} stamps each entry with the current
 * time; the entries are rewritten with a fixed time (1980-01-01), so the same network gives the same bytes and a
 * seeded run's result JSON stays identical.
 *
 * <p>As it travels in the result: {@code {contentType, fileName, encoding: "base64", bytes, data}} — the shape the
 * API's {@code /api/runs/{id}/files/{name}} route serves.
 */
public final class ModelFile {
    static final LocalDateTime FIXED_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);
    public static final String CONTENT_TYPE = "application/zip";

    private ModelFile() {}

    /** The network's model file, with fixed entry times. */
    public static byte[] bytes(MultiLayerNetwork net) {
        try {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            ModelSerializer.writeModel(net, raw, false);
            ByteArrayOutputStream fixed = new ByteArrayOutputStream(raw.size());
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(raw.toByteArray()));
                 ZipOutputStream out = new ZipOutputStream(fixed)) {
                for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                    ZipEntry c = new ZipEntry(e.getName());
                    c.setTimeLocal(FIXED_TIME);
                    out.putNextEntry(c);
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
            return fixed.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores a network from its model file. */
    public static MultiLayerNetwork restore(byte[] file) {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(file), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file as the result carries it. */
    static java.util.Map<String, Object> entry(byte[] file, String fileName) {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("contentType", CONTENT_TYPE);
        m.put("fileName", fileName);
        m.put("encoding", "base64");
        m.put("bytes", file.length);
        m.put("data", Base64.getEncoder().encodeToString(file));
        return m;
    }
}

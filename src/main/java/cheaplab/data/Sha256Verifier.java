package cheaplab.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;
import java.util.zip.GZIPInputStream;

/**
 * Checks files against the SHA-256 of their content (of the decompressed content for gzip files, so {@code x} and
 * {@code x.gz} share one checksum) and remembers each success in a small marker file as (size, modification time,
 * checksum): a file that has not changed since is not hashed again.
 */
public final class Sha256Verifier {
    private final Path marker;

    /** @param marker the properties file that remembers verified files; need not exist, may be unwritable */
    public Sha256Verifier(Path marker) {
        this.marker = marker;
    }

    /** Whether the file's content has the expected SHA-256, hashing only if the marker does not vouch for it. */
    public synchronized boolean verify(Path file, String expectedSha256) throws IOException {
        String expected = expectedSha256.toLowerCase();
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        String key = file.toAbsolutePath().normalize().toString();
        String stamp = a.size() + " " + a.lastModifiedTime().toMillis() + " ";
        Properties seen = load();
        if ((stamp + expected).equals(seen.getProperty(key))) return true;
        String actual = sha256(file);
        if (!actual.equals(expected)) return false;
        remember(key, stamp + actual);
        return true;
    }

    /** Records a file whose checksum the caller has just verified (e.g. right after download). */
    public synchronized void remember(Path file, String sha256) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        remember(file.toAbsolutePath().normalize().toString(),
                a.size() + " " + a.lastModifiedTime().toMillis() + " " + sha256.toLowerCase());
    }

    /** Hex SHA-256 of the file's content, decompressed first when it is gzip data. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JRE has SHA-256
        }
        try (PushbackInputStream raw = new PushbackInputStream(
                new BufferedInputStream(Files.newInputStream(file), 1 << 16), 2)) {
            byte[] head = raw.readNBytes(2);
            raw.unread(head);
            boolean gzip = head.length == 2 && (head[0] & 0xFF) == 0x1f && (head[1] & 0xFF) == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) >= 0; ) md.update(buf, 0, r);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private Properties load() {
        Properties p = new Properties();
        if (Files.isRegularFile(marker)) {
            try (InputStream in = Files.newInputStream(marker)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return new Properties(); // unreadable marker: verify again, it will be rewritten
            }
        }
        return p;
    }

    private void remember(String key, String value) {
        Properties p = load();
        p.setProperty(key, value);
        try {
            Files.createDirectories(marker.getParent());
            Path tmp = Files.createTempFile(marker.getParent(), marker.getFileName().toString(), ".tmp");
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    p.store(out, "SHA-256 verified files: size mtime-ms sha256 (written by Cheap Learning Lab)");
                }
                Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            // A read-only data directory only costs re-hashing next time; the check itself has passed.
        }
    }
}

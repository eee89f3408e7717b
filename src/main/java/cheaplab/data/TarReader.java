package cheaplab.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A streaming reader of tar archives (POSIX ustar, as written by npm, GNU tar and bsdtar): 512-byte headers with
 * the name split into {@code prefix/name}, octal (or GNU base-256) sizes and a checked header checksum; pax
 * {@code path} records and GNU long names are honoured. Only what reading regular files needs — no links, no
 * permissions, nothing is written outside the caller's chosen paths.
 */
public final class TarReader implements Closeable {
    private static final int BLOCK = 512;

    /** One archive member: its full path inside the archive, its type flag and its size in bytes. */
    public record Entry(String name, char type, long size) {
        public boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }
    }

    private final InputStream in;
    private final String source;
    private final byte[] header = new byte[BLOCK];
    private long remaining; // content bytes of the current entry not yet consumed
    private long padding;   // zero bytes after the current entry's content up to the block boundary

    /** @param source a name for error messages, e.g. the archive's path */
    public TarReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /**
     * Extracts the regular files directly under {@code directory} (e.g. {@code package/data/}) of a gzip-compressed
     * tar archive into {@code dest}, keeping their base names. Deeper paths and non-files are skipped.
     *
     * @return the base names written, in archive order
     */
    public static List<String> extractGz(Path tgz, String directory, Path dest) throws IOException {
        String dir = directory.endsWith("/") ? directory : directory + "/";
        List<String> written = new ArrayList<>();
        try (TarReader tar = new TarReader(new GZIPInputStream(
                new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16), tgz.toString())) {
            for (Entry e; (e = tar.next()) != null; ) {
                String name = e.name().startsWith("./") ? e.name().substring(2) : e.name();
                if (!e.isFile() || !name.startsWith(dir)) continue;
                String base = name.substring(dir.length());
                if (base.isEmpty() || base.contains("/") || base.equals(".") || base.equals("..")) continue;
                try (OutputStream out = Files.newOutputStream(dest.resolve(base), StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                    tar.copyContent(out);
                }
                written.add(base);
            }
        } catch (ZipException | EOFException e) {
            throw new IOException(tgz + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
        return written;
    }

    /** Advances to the next member, skipping what is left of the current one; null at the end of the archive. */
    public Entry next() throws IOException {
        skip(remaining + padding);
        remaining = padding = 0;
        String longName = null;
        while (true) {
            int n = in.readNBytes(header, 0, BLOCK);
            if (n == 0) return null; // archive without end-of-archive blocks: tolerated, as tar does
            if (n < BLOCK) throw new IOException(source + ": truncated tar header");
            if (isZero(header)) return null; // end-of-archive marker
            verifyChecksum();
            char type = (char) header[156];
            long size = number(124, 12);
            String name = longName != null ? longName : ustarName();
            if (type == 'x' || type == 'L' || type == 'g') {
                byte[] meta = readMeta(size);
                if (type == 'L') {
                    longName = trimNul(new String(meta, StandardCharsets.UTF_8));
                } else if (type == 'x') {
                    String path = paxPath(meta);
                    if (path != null) longName = path;
                }
                continue; // the metadata describes the next header
            }
            remaining = type == '5' ? 0 : size;
            padding = (BLOCK - size % BLOCK) % BLOCK;
            if (type == '5') padding = 0;
            return new Entry(name, type, type == '5' ? 0 : size);
        }
    }

    /** Copies the current member's content to {@code out}. */
    public long copyContent(OutputStream out) throws IOException {
        byte[] buf = new byte[1 << 16];
        long copied = 0;
        while (remaining > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (r < 0) throw new IOException(source + ": truncated tar member (" + remaining + " bytes missing)");
            out.write(buf, 0, r);
            remaining -= r;
            copied += r;
        }
        return copied;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private byte[] readMeta(long size) throws IOException {
        if (size > 1 << 20) throw new IOException(source + ": tar metadata record of " + size + " bytes");
        byte[] meta = in.readNBytes((int) size);
        if (meta.length < size) throw new IOException(source + ": truncated tar metadata record");
        skip((BLOCK - size % BLOCK) % BLOCK);
        return meta;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new IOException(source + ": truncated tar archive");
                s = 1;
            }
            n -= s;
        }
    }

    private String ustarName() {
        String name = field(0, 100);
        boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a'
                && header[261] == 'r';
        if (ustar) {
            String prefix = field(345, 155);
            if (!prefix.isEmpty()) return prefix + "/" + name;
        }
        return name;
    }

    private String field(int off, int len) {
        int end = off;
        while (end < off + len && header[end] != 0) end++;
        return new String(header, off, end - off, StandardCharsets.UTF_8);
    }

    /** An octal number field (NUL- or space-terminated), or GNU base-256 when the high bit of the first byte is set. */
    private long number(int off, int len) throws IOException {
        if ((header[off] & 0x80) != 0) {
            long v = header[off] & 0x7F;
            for (int i = off + 1; i < off + len; i++) {
                if ((v >>> 55) != 0) throw new IOException(source + ": tar size field overflows");
                v = (v << 8) | (header[i] & 0xFF);
            }
            return v;
        }
        long v = 0;
        int i = off;
        while (i < off + len && header[i] == ' ') i++;
        for (; i < off + len && header[i] != 0 && header[i] != ' '; i++) {
            int d = header[i] - '0';
            if (d < 0 || d > 7) throw new IOException(source + ": bad octal digit in tar header field at offset " + off);
            v = (v << 3) | d;
        }
        return v;
    }

    private void verifyChecksum() throws IOException {
        long stored = number(148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xFF);
        if (sum != stored) {
            long signed = 0; // some old tars summed signed bytes
            for (int i = 0; i < BLOCK; i++) signed += (i >= 148 && i < 156) ? ' ' : header[i];
            if (signed != stored)
                throw new IOException(source + ": tar header checksum mismatch (not a tar archive, or corrupt)");
        }
    }

    /** The {@code path} value of pax extended-header records ("LEN key=value\n"), or null. */
    private static String paxPath(byte[] meta) {
        int i = 0;
        while (i < meta.length) {
            int sp = i;
            while (sp < meta.length && meta[sp] != ' ') sp++;
            int len;
            try {
                len = Integer.parseInt(new String(meta, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                return null;
            }
            if (len <= 0 || i + len > meta.length) return null;
            String record = new String(meta, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8); // drop '\n'
            if (record.startsWith("path=")) return record.substring(5);
            i += len;
        }
        return null;
    }

    private static String trimNul(String s) {
        int z = s.indexOf('\0');
        return z >= 0 ? s.substring(0, z) : s;
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }
}

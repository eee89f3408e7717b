package cheaplab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The tar reader against archives written by other programs (npm pack; GNU tar in its gnu, pax and ustar
 * formats, committed under {@code tar/}) and against archives built here.
 */
class TarReaderTest {
    private static final String LONG = "a".repeat(60) + "/" + "b".repeat(60) + "/data/";

    @TempDir
    Path tmp;

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i % 251);
        return b;
    }

    @Test
    void extractsTheFlatFilesOfAnNpmPackTarball() throws IOException {
        List<String> got = TarReader.extractGz(Fixtures.resource("tar/tar-sample-1.0.0.tgz"), "package/data/", tmp);
        assertEquals(List.of("b.bin", "a.txt"), got); // archive order; data/sub/c.txt is deeper, skipped
        assertEquals("hello idx\n", Files.readString(tmp.resolve("a.txt")));
        assertArrayEquals(pattern(1500), Files.readAllBytes(tmp.resolve("b.bin")));
        assertFalse(Files.exists(tmp.resolve("c.txt")));
        assertFalse(Files.exists(tmp.resolve("sub")));
        assertFalse(Files.exists(tmp.resolve("package.json")));
    }

    @Test
    void longNamesInGnuPaxAndUstarArchives() throws IOException {
        for (String format : new String[] {"gnu", "pax", "ustar"}) {
            Path dest = Files.createDirectory(tmp.resolve(format));
            List<String> got = TarReader.extractGz(Fixtures.resource("tar/" + format + "-long.tgz"), LONG, dest);
            assertEquals(List.of("x.txt", "y.bin"), got, format);
            assertEquals("long name\n", Files.readString(dest.resolve("x.txt")), format);
            assertArrayEquals(pattern(700), Files.readAllBytes(dest.resolve("y.bin")), format);
        }
    }

    @Test
    void listsEntriesWithTypesAndSizes() throws IOException {
        byte[] tar = Fixtures.tar(new LinkedHashMap<>(Map.of("dir/one", new byte[0])));
        // a directory entry then the file
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        bos.writeBytes(Fixtures.header("dir/", 0, '5'));
        bos.writeBytes(tar);
        List<TarReader.Entry> entries = new ArrayList<>();
        try (TarReader r = new TarReader(new ByteArrayInputStream(bos.toByteArray()), "mem")) {
            for (TarReader.Entry e; (e = r.next()) != null; ) entries.add(e);
        }
        assertEquals(List.of(new TarReader.Entry("dir/", '5', 0), new TarReader.Entry("dir/one", '0', 0)), entries);
    }

    @Test
    void sizesAcrossBlockBoundariesAndSkippedContent() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int n : new int[] {0, 1, 511, 512, 513, 4096, 100_000}) m.put("f" + n, pattern(n));
        byte[] tar = Fixtures.tar(m);
        try (TarReader r = new TarReader(new ByteArrayInputStream(tar), "mem")) {
            for (int n : new int[] {0, 1, 511, 512, 513, 4096, 100_000}) {
                TarReader.Entry e = r.next();
                assertEquals("f" + n, e.name());
                assertEquals(n, e.size());
                if (n % 2 == 1) continue; // odd sizes: leave the content unread; next() must skip it
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                assertEquals(n, r.copyContent(out));
                assertArrayEquals(pattern(n), out.toByteArray());
            }
            assertNull(r.next());
        }
    }

    @Test
    void prefixFieldJoinsLongUstarNames() throws IOException {
        String path = "package/" + "p".repeat(90) + "/data/" + "n".repeat(40);
        byte[] h = Fixtures.header(path, 3, '0');
        assertNotEquals(0, h[345]); // the name really went through the prefix field
        byte[] tar = Fixtures.tar(Map.of(path, "abc".getBytes(StandardCharsets.US_ASCII)));
        try (TarReader r = new TarReader(new ByteArrayInputStream(tar), "mem")) {
            assertEquals(path, r.next().name());
        }
    }

    @Test
    void corruptHeaderIsRejected() {
        byte[] tar = Fixtures.tar(Map.of("package/data/x", pattern(10)));
        tar[3] ^= 1; // a name byte: checksum no longer matches
        IOException e = assertThrows(IOException.class,
                () -> new TarReader(new ByteArrayInputStream(tar), "mem.tar").next());
        assertTrue(e.getMessage().contains("mem.tar") && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void truncatedArchivesAreRejected() throws IOException {
        byte[] tar = Fixtures.tar(Map.of("package/data/x", pattern(2000)));
        byte[] cut = Arrays.copyOf(tar, 512 + 1000);
        Path tgz = tmp.resolve("cut.tgz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(tgz))) {
            out.write(cut);
        }
        Path dest = Files.createDirectory(tmp.resolve("out"));
        IOException e = assertThrows(IOException.class, () -> TarReader.extractGz(tgz, "package/data/", dest));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());

        byte[] halfHeader = Arrays.copyOf(tar, 300);
        assertThrows(IOException.class, () -> new TarReader(new ByteArrayInputStream(halfHeader), "mem").next());
    }

    @Test
    void notGzipIsReported() throws IOException {
        Path f = Files.writeString(tmp.resolve("plain.tgz"), "this is not gzip");
        IOException e = assertThrows(IOException.class, () -> TarReader.extractGz(f, "package/data/", tmp));
        assertTrue(e.getMessage().contains("plain.tgz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void pathTraversalNamesAreNeverWritten() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("package/data/../../evil", pattern(5));
        m.put("package/data/..", pattern(5));
        m.put("package/data/ok", pattern(5));
        Path tgz = tmp.resolve("evil.tgz");
        Fixtures.writeTgz(tgz, m);
        Path dest = Files.createDirectories(tmp.resolve("a/b/dest"));
        assertEquals(List.of("ok"), TarReader.extractGz(tgz, "package/data/", dest));
        assertFalse(Files.exists(tmp.resolve("a/evil")));
    }
}

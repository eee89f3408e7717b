package cheaplab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.*;

class IdxReaderTest {
    @TempDir
    Path tmp;

    private static ImageSet train() throws IOException {
        Path d = Fixtures.mnist();
        return IdxReader.read(d.resolve("train-images-idx3-ubyte"), d.resolve("train-labels-idx1-ubyte"));
    }

    private static ImageSet test() throws IOException {
        Path d = Fixtures.mnist();
        return IdxReader.read(d.resolve("t10k-images-idx3-ubyte"), d.resolve("t10k-labels-idx1-ubyte"));
    }

    @Test
    void readsTheMnistPrefixes() throws IOException {
        ImageSet train = train();
        assertEquals(1000, train.count());
        assertEquals(28, train.rows());
        assertEquals(28, train.cols());
        assertEquals(784, train.dim());
        // The first labels of MNIST's training and test sets, as every MNIST tutorial prints them.
        int[] first = new int[10];
        for (int i = 0; i < 10; i++) first[i] = train.label(i);
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, first);

        ImageSet test = test();
        assertEquals(500, test.count());
        int[] t = new int[5];
        for (int i = 0; i < 5; i++) t[i] = test.label(i);
        assertArrayEquals(new int[] {7, 2, 1, 0, 4}, t);
    }

    @Test
    void pixelsAreGreyLevelsOfDigits() throws IOException {
        for (ImageSet s : new ImageSet[] {train(), test()}) {
            double min = 1, max = 0, sum = 0, sq = 0;
            for (int i = 0; i < s.count(); i++) {
                assertTrue(s.label(i) >= 0 && s.label(i) <= 9, "label " + s.label(i));
                for (int p = 0; p < s.dim(); p++) {
                    double v = s.pixel(i, p);
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                    sum += v;
                    sq += v * v;
                }
            }
            double n = (double) s.count() * s.dim();
            double mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
            assertEquals(0.0, min);
            assertEquals(1.0, max);
            // MNIST's well-known normalisation constants are mean 0.1307, sd 0.3081 (full training set).
            assertEquals(0.13, mean, 0.02);
            assertEquals(0.30, sd, 0.02);
        }
    }

    @Test
    void aDigitIsWhereItShouldBe() throws IOException {
        ImageSet train = train();
        // MNIST digits are centred by mass in the 28×28 field: the frame's corners are blank.
        for (int i = 0; i < train.count(); i++) {
            for (int p : new int[] {0, 27, 27 * 28, 28 * 28 - 1}) assertEquals(0.0, train.pixel(i, p));
        }
        // and every image has ink
        for (int i = 0; i < train.count(); i++) {
            int ink = 0;
            for (int p = 0; p < train.dim(); p++) if (train.pixel(i, p) > 0.5) ink++;
            assertTrue(ink > 10, "image " + i + " has " + ink + " dark pixels");
        }
    }

    @Test
    void gzipFilesGiveTheSameData() throws IOException {
        Path d = Fixtures.mnist();
        for (String n : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte"})
            Fixtures.gzip(d.resolve(n), tmp.resolve(n + ".gz"));
        ImageSet gz = IdxReader.read(tmp.resolve("train-images-idx3-ubyte.gz"), tmp.resolve("train-labels-idx1-ubyte.gz"));
        ImageSet raw = train();
        assertArrayEquals(raw.pixels(), gz.pixels());
        assertArrayEquals(raw.labels(), gz.labels());
        // compression is recognised by content, not by name
        Path renamed = Files.copy(tmp.resolve("train-labels-idx1-ubyte.gz"), tmp.resolve("labels.idx"));
        assertArrayEquals(raw.labels(), IdxReader.read(renamed, 1).data());
    }

    @Test
    void multiMemberGzipIsReadWhole() throws IOException {
        byte[] file = Files.readAllBytes(Fixtures.mnist().resolve("train-labels-idx1-ubyte"));
        Path f = tmp.resolve("two-members.gz");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(gz(Arrays.copyOf(file, 300)));
            out.write(gz(Arrays.copyOfRange(file, 300, file.length)));
        }
        assertArrayEquals(Arrays.copyOfRange(file, 8, file.length), IdxReader.read(f, 1).data());
    }

    @Test
    void truncatedFilesAreRejectedNamingTheFile() throws IOException {
        byte[] file = Files.readAllBytes(Fixtures.mnist().resolve("train-images-idx3-ubyte"));
        Path f = write("short-images", Arrays.copyOf(file, file.length - 1));
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f, 3));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("784000"), e.getMessage());
        assertEquals(f, e.file());

        Path g = tmp.resolve("short-images.gz");
        Files.write(g, gz(Arrays.copyOf(file, file.length - 100)));
        IdxFormatException eg = assertThrows(IdxFormatException.class, () -> IdxReader.read(g, 3));
        assertTrue(eg.getMessage().contains("truncated") && eg.getMessage().startsWith(g.toString()), eg.getMessage());

        Path header = write("header-only", Arrays.copyOf(file, 10));
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(header, 3)).getMessage()
                .contains("truncated header"));
        Path empty = write("empty", new byte[0]);
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(empty, 3)).getMessage()
                .contains("too short"));
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        byte[] file = Files.readAllBytes(Fixtures.mnist().resolve("t10k-labels-idx1-ubyte"));
        Path f = write("long-labels", Arrays.copyOf(file, file.length + 3));
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(f, 1)).getMessage()
                .contains("trailing bytes"));
        Path g = tmp.resolve("long-labels.gz");
        Files.write(g, gz(Arrays.copyOf(file, file.length + 3)));
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(g, 1)).getMessage()
                .contains("trailing bytes"));
    }

    @Test
    void wrongMagicTypeOrRankIsRejected() throws IOException {
        byte[] labels = Files.readAllBytes(Fixtures.mnist().resolve("t10k-labels-idx1-ubyte"));

        byte[] notIdx = labels.clone();
        notIdx[0] = 'P';
        Path a = write("not-idx", notIdx);
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(a, 1)).getMessage()
                .contains("not an IDX file"));

        byte[] floats = labels.clone();
        floats[2] = 0x0D;
        Path b = write("floats", floats);
        String mb = assertThrows(IdxFormatException.class, () -> IdxReader.read(b, 1)).getMessage();
        assertTrue(mb.contains("0x0D") && mb.contains("float") && mb.contains("unsigned byte"), mb);

        // labels where images are expected (rank 1 vs 3), and images and labels swapped
        Path c = write("labels", labels);
        String mc = assertThrows(IdxFormatException.class, () -> IdxReader.read(c, 3)).getMessage();
        assertTrue(mc.contains("has 1 dimensions, expected 3"), mc);
        Path d = Fixtures.mnist();
        assertThrows(IdxFormatException.class,
                () -> IdxReader.read(d.resolve("t10k-labels-idx1-ubyte"), d.resolve("t10k-images-idx3-ubyte")));
    }

    @Test
    void imageAndLabelCountsMustAgree() {
        Path d = Fixtures.mnist();
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> IdxReader.read(d.resolve("train-images-idx3-ubyte"), d.resolve("t10k-labels-idx1-ubyte")));
        assertTrue(e.getMessage().contains("500 labels") && e.getMessage().contains("1000 images"), e.getMessage());
    }

    @Test
    void absurdDimensionsFailBeforeAllocating() throws IOException {
        // header claims 2^31-1 images of 28×28, payload is tiny: must be rejected without a 1.6 TB allocation
        ByteBuffer h = ByteBuffer.allocate(16 + 784).putInt(0x00000803).putInt(Integer.MAX_VALUE).putInt(28).putInt(28);
        Path f = write("huge", h.array());
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(f, 3)).getMessage()
                .contains("exceed"));
        ByteBuffer g = ByteBuffer.allocate(16 + 784).putInt(0x00000803).putInt(1_000_000).putInt(28).putInt(28);
        Path gzf = tmp.resolve("claims-a-million.gz");
        Files.write(gzf, gz(g.array()));
        long before = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(gzf, 3)).getMessage()
                .contains("truncated"));
        assertTrue(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() - before < 400_000_000L);
        ByteBuffer neg = ByteBuffer.allocate(8).putInt(0x00000801).putInt(-5);
        Path n = write("negative", neg.array());
        assertTrue(assertThrows(IdxFormatException.class, () -> IdxReader.read(n, 1)).getMessage()
                .contains("too large"));
    }

    @Test
    void corruptGzipIsReported() throws IOException {
        byte[] z = gz(Files.readAllBytes(Fixtures.mnist().resolve("t10k-labels-idx1-ubyte")));
        z[z.length / 2] ^= 0x55;
        z[z.length / 2 + 1] ^= 0x55;
        Path f = write("corrupt.gz", z);
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxReader.read(f, 1));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void missingFileIsAnIoError() {
        Path f = tmp.resolve("nope");
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(f, 1));
        assertTrue(e.getMessage().contains("nope"));
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    private static byte[] gz(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bos)) {
            out.write(data);
        }
        return bos.toByteArray();
    }
}

package cheaplab.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** The committed MNIST prefix fixture, and small helpers to build test archives. */
final class Fixtures {
    private Fixtures() {}

    /** SHA-256 of the fixture files (first 1000 train / 500 test digits of MNIST with corrected counts). */
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte", "386bb018796babeaca208787b77c1b9db39532c4098951ea35f4694e744eb4b7",
            "train-labels-idx1-ubyte", "895f65588e45d05babf0b5fa7aee2a0d782d8143b40b5764e596df91bc9dddeb",
            "t10k-images-idx3-ubyte", "de0a55d8eb2a23fce4f596c5234b08b9c8ee685583a2b0e52f3a78eca48f9d89",
            "t10k-labels-idx1-ubyte", "60e902e82445d902e245e1b039469f36936d63cb28e81527a7bbba247c240af3");

    static Path resource(String path) {
        try {
            return Path.of(Fixtures.class.getResource("/" + path).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + path, e);
        }
    }

    static Path mnist() {
        return resource("mnist-fixture");
    }

    static void gzip(Path from, Path to) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(to))) {
            Files.copy(from, out);
        }
    }

    /** A gzip-compressed ustar archive of the given entries (name → content), in order. */
    static void writeTgz(Path tgz, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
            out.write(tar(entries));
        }
    }

    static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            bos.writeBytes(header(e.getKey(), e.getValue().length, '0'));
            bos.writeBytes(e.getValue());
            bos.writeBytes(new byte[(512 - e.getValue().length % 512) % 512]);
        }
        bos.writeBytes(new byte[1024]);
        return bos.toByteArray();
    }

    /** A ustar header; names over 100 bytes are split into prefix and name at a '/'. */
    static byte[] header(String path, long size, char type) {
        byte[] h = new byte[512];
        String name = path;
        String prefix = "";
        if (path.length() > 100) {
            int cut = path.lastIndexOf('/', 155);
            prefix = path.substring(0, cut);
            name = path.substring(cut + 1);
        }
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, String.format("%011o", 0));
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        put(h, 345, prefix);
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xFF;
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        h[155] = ' ';
        return h;
    }

    private static void put(byte[] h, int off, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, off, b.length);
    }
}

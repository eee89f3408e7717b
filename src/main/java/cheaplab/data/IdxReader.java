package cheaplab.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST), raw or gzip-compressed; compression is detected from
 * the content, not the file name.
 *
 * <p>An IDX file is a 4-byte magic number {@code 00 00 TT RR} (TT the element type, {@code 0x08} for unsigned
 * bytes; RR the number of dimensions), then RR big-endian 32-bit dimension sizes, then the elements in row-major
 * order. Only unsigned-byte files are read (all image data sets here are); the payload must be exactly as long as
 * the dimensions say, so truncated files and files with trailing bytes are both rejected.
 */
public final class IdxReader {
    /** Type code of unsigned bytes. */
    static final int UBYTE = 0x08;
    /** Arrays beyond this are not allocatable in Java. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int GZIP_MAGIC = 0x8b1f;

    private IdxReader() {}

    /** The dimensions and unsigned-byte elements of one IDX file. */
    public record Idx(Path file, int[] dims, byte[] data) {
        public int rank() {
            return dims.length;
        }
    }

    /**
     * Reads an image file (rank 3: count × rows × cols) and its label file (rank 1: count) into one split.
     *
     * @throws IdxFormatException when either file is malformed or their counts differ
     */
    public static ImageSet read(Path images, Path labels) throws IOException {
        Idx img = read(images, 3);
        Idx lab = read(labels, 1);
        if (img.dims()[0] != lab.dims()[0])
            throw new IdxFormatException(labels, lab.dims()[0] + " labels but " + images.getFileName() + " holds "
                    + img.dims()[0] + " images");
        return new ImageSet(img.dims()[0], img.dims()[1], img.dims()[2], img.data(), lab.data());
    }

    /**
     * Reads an unsigned-byte IDX file of the given rank.
     *
     * @throws IdxFormatException when the magic, type, rank, a dimension or the payload length is wrong
     */
    public static Idx read(Path file, int expectedRank) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, head);
            if (head.position() == 2 && (head.getShort(0) & 0xFFFF) == GZIP_MAGIC) {
                ch.position(0);
                return readGzip(file, ch, size, expectedRank);
            }
            ch.position(0);
            return readRaw(file, ch, size, expectedRank);
        }
    }

    private static Idx readRaw(Path file, FileChannel ch, long size, int expectedRank) throws IOException {
        ByteBuffer magic = ByteBuffer.allocate(4);
        if (readFully(ch, magic) < 4)
            throw new IdxFormatException(file, "too short for an IDX header (" + size + " bytes)");
        int rank = checkMagic(file, magic.getInt(0), expectedRank);
        ByteBuffer dimBuf = ByteBuffer.allocate(4 * rank);
        if (readFully(ch, dimBuf) < 4 * rank)
            throw new IdxFormatException(file, "truncated header: " + rank + " dimensions announced, file has "
                    + size + " bytes");
        int[] dims = dims(file, dimBuf);
        long header = 4L + 4L * rank;
        long payload = elements(file, dims);
        if (size != header + payload)
            throw new IdxFormatException(file, (size < header + payload ? "truncated" : "trailing bytes")
                    + ": dimensions " + Arrays.toString(dims) + " need " + payload + " payload bytes after the "
                    + header + "-byte header, file has " + (size - header));
        byte[] data = new byte[(int) payload];
        ByteBuffer buf = ByteBuffer.wrap(data);
        if (readFully(ch, buf) != payload)
            throw new IdxFormatException(file, "file shrank while being read");
        return new Idx(file, dims, data);
    }

    private static Idx readGzip(Path file, FileChannel ch, long size, int expectedRank) throws IOException {
        // ISIZE, the last 4 bytes of a gzip member: uncompressed length mod 2^32. Used only to size the buffer,
        // so a corrupt header cannot make us allocate gigabytes before the data runs out.
        long isize = -1;
        if (size >= 18) {
            ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(size - 4);
            readFully(ch, tail);
            isize = tail.getInt(0) & 0xFFFFFFFFL;
            ch.position(0);
        }
        try (InputStream in = new GZIPInputStream(Channels.newInputStream(ch), 1 << 16)) {
            byte[] magicBytes = new byte[4];
            if (in.readNBytes(magicBytes, 0, 4) < 4)
                throw new IdxFormatException(file, "gzip content too short for an IDX header");
            int rank = checkMagic(file, ByteBuffer.wrap(magicBytes).getInt(), expectedRank);
            byte[] dimBytes = new byte[4 * rank];
            if (in.readNBytes(dimBytes, 0, dimBytes.length) < dimBytes.length)
                throw new IdxFormatException(file, "truncated header: " + rank + " dimensions announced");
            int[] dims = dims(file, ByteBuffer.wrap(dimBytes));
            long header = 4L + 4L * rank;
            long payload = elements(file, dims);
            long hint = isize > header ? isize - header : 1 << 20;
            byte[] data = new byte[(int) Math.min(payload, Math.max(hint, 1 << 20))];
            int n = 0;
            while (n < payload) {
                if (n == data.length)
                    data = Arrays.copyOf(data, (int) Math.min(payload, 2L * data.length));
                int r = in.read(data, n, data.length - n);
                if (r < 0)
                    throw new IdxFormatException(file, "truncated: dimensions " + Arrays.toString(dims) + " need "
                            + payload + " payload bytes, gzip content has " + n);
                n += r;
            }
            if (in.read() >= 0)
                throw new IdxFormatException(file, "trailing bytes: gzip content continues after the "
                        + payload + " payload bytes of dimensions " + Arrays.toString(dims));
            return new Idx(file, dims, data);
        } catch (EOFException | ZipException e) {
            throw new IdxFormatException(file, "corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    private static int checkMagic(Path file, int magic, int expectedRank) throws IdxFormatException {
        if ((magic >>> 16) != 0)
            throw new IdxFormatException(file, String.format(
                    "not an IDX file: magic number 0x%08X does not start with two zero bytes", magic));
        int type = (magic >>> 8) & 0xFF;
        int rank = magic & 0xFF;
        if (type != UBYTE)
            throw new IdxFormatException(file, String.format(
                    "element type 0x%02X (%s) is not supported; expected 0x08 (unsigned byte)", type, typeName(type)));
        if (rank != expectedRank)
            throw new IdxFormatException(file, "has " + rank + " dimensions, expected " + expectedRank
                    + (expectedRank == 3 ? " (images: count × rows × cols)" : expectedRank == 1 ? " (labels)" : ""));
        return rank;
    }

    private static int[] dims(Path file, ByteBuffer buf) throws IdxFormatException {
        int[] dims = new int[buf.capacity() / 4];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = buf.getInt(4 * i);
            if (dims[i] < 0)
                throw new IdxFormatException(file, "dimension " + i + " is " + (dims[i] & 0xFFFFFFFFL)
                        + ", too large");
        }
        return dims;
    }

    private static long elements(Path file, int[] dims) throws IdxFormatException {
        long n = 1;
        for (int d : dims) {
            n *= d;
            if (n > MAX_ELEMENTS)
                throw new IdxFormatException(file, "dimensions " + Arrays.toString(dims)
                        + " exceed the largest array Java can hold");
        }
        return n;
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "unknown";
        };
    }

    /** Reads until the buffer is full or the channel ends; returns the buffer's position. */
    private static int readFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining() && ch.read(buf) >= 0) {
            // keep reading
        }
        return buf.position();
    }
}

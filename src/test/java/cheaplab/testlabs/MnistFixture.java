package cheaplab.testlabs;

import cheaplab.data.DataCatalog;
import cheaplab.data.DataUnavailableException;
import cheaplab.data.ImageDataset;
import cheaplab.data.ImageSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Test-only catalogue serving the committed fixture (first 1000 training and 500 test MNIST digits, raw IDX with
 * corrected counts) as "mnist", through a minimal IDX reader.
 */
public final class MnistFixture implements DataCatalog {
    public static final MnistFixture INSTANCE = new MnistFixture();
    private static volatile ImageDataset cached;

    @Override
    public List<String> ids() {
        return List.of("mnist");
    }

    @Override
    public boolean isLocal(String id) {
        return id.equals("mnist");
    }

    @Override
    public ImageDataset images(String id) {
        if (!id.equals("mnist")) throw new DataUnavailableException(id + " is not in the test fixture");
        ImageDataset d = cached;
        if (d == null) {
            d = new ImageDataset("mnist", read("train"), read("t10k"));
            cached = d;
        }
        return d;
    }

    private static ImageSet read(String split) {
        ByteBuffer img = resource(split + "-images-idx3-ubyte"), lab = resource(split + "-labels-idx1-ubyte");
        if (img.getInt() != 0x803 || lab.getInt() != 0x801) throw new IllegalStateException("bad IDX magic");
        int n = img.getInt(), rows = img.getInt(), cols = img.getInt();
        if (lab.getInt() != n) throw new IllegalStateException("label count differs");
        byte[] px = new byte[n * rows * cols], labels = new byte[n];
        img.get(px);
        lab.get(labels);
        return new ImageSet(n, rows, cols, px, labels);
    }

    private static ByteBuffer resource(String name) {
        try (InputStream in = MnistFixture.class.getResourceAsStream("/mnist-fixture/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture " + name);
            return ByteBuffer.wrap(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

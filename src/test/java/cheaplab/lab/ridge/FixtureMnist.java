package cheaplab.lab.ridge;

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
 * A DataCatalog over the committed MNIST fixture (src/test/resources/mnist-fixture: the first 1000 training
 * and first 500 test images of MNIST, byte-exact, with corrected IDX headers). Test-only IDX reading; the
 * production reader lives in cheaplab.data.
 */
final class FixtureMnist implements DataCatalog {
    static final FixtureMnist INSTANCE = new FixtureMnist();
    private volatile ImageDataset cached;

    @Override public List<String> ids() { return List.of("mnist"); }
    @Override public boolean isLocal(String id) { return id.equals("mnist"); }

    @Override
    public ImageDataset images(String id) {
        if (!id.equals("mnist")) throw new DataUnavailableException("fixture has only mnist");
        if (cached == null) {
            cached = new ImageDataset("mnist",
                    set("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
                    set("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"));
        }
        return cached;
    }

    private static ImageSet set(String images, String labels) {
        ByteBuffer im = ByteBuffer.wrap(read(images)), lb = ByteBuffer.wrap(read(labels));
        if (im.getInt() != 0x803 || lb.getInt() != 0x801) throw new IllegalStateException("bad IDX magic");
        int count = im.getInt(), rows = im.getInt(), cols = im.getInt();
        if (lb.getInt() != count) throw new IllegalStateException("label count differs");
        byte[] px = new byte[count * rows * cols], y = new byte[count];
        im.get(px);
        lb.get(y);
        return new ImageSet(count, rows, cols, px, y);
    }

    private static byte[] read(String name) {
        try (InputStream in = FixtureMnist.class.getResourceAsStream("/mnist-fixture/" + name)) {
            if (in == null) throw new IllegalStateException("missing fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

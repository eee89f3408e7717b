package cheaplab.lab.ridge;

import cheaplab.data.DataCatalog;
import cheaplab.data.DataUnavailableException;
import cheaplab.data.IdxReader;
import cheaplab.data.ImageDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * A DataCatalog over the committed MNIST fixture (src/test/resources/mnist-fixture: the first 1000 training
 * and first 500 test images of MNIST, byte-exact, with corrected IDX headers), read by the production
 * {@link IdxReader}.
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
            Path dir = directory();
            try {
                cached = new ImageDataset("mnist",
                        IdxReader.read(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte")),
                        IdxReader.read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return cached;
    }

    /** The fixture directory on the test class path. */
    static Path directory() {
        try {
            return Path.of(FixtureMnist.class.getResource("/mnist-fixture").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource mnist-fixture", e);
        }
    }
}

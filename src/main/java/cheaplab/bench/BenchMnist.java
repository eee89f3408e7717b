package cheaplab.bench;

import cheaplab.data.DataCatalog;
import cheaplab.data.DataUnavailableException;
import cheaplab.data.IdxReader;
import cheaplab.data.ImageDataset;
import cheaplab.data.ImageSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** MNIST for the RBM benchmarks: where its IDX files are, loading them, and a catalogue holding only it. */
final class BenchMnist {
    private BenchMnist() {}

    /** The MNIST directory: --data-dir (the lab's data dir holding mnist/, or the IDX folder), else $CHEAPLAB_DATA_DIR/mnist, ./data/mnist. */
    static Path directory(Map<String, String> o) {
        if (o.containsKey("data-dir")) { // the lab's data directory (as for ridge-mnist), or the IDX folder itself
            Path dir = Path.of(o.get("data-dir"));
            return Files.isRegularFile(dir.resolve("mnist").resolve("train-images-idx3-ubyte")) ? dir.resolve("mnist") : dir;
        }
        List<Path> tries = new ArrayList<>();
        String env = System.getenv("CHEAPLAB_DATA_DIR");
        if (env != null) tries.add(Path.of(env, "mnist"));
        tries.add(Path.of("data", "mnist"));
        for (Path p : tries) if (Files.isRegularFile(p.resolve("train-images-idx3-ubyte"))) return p;
        throw new DataUnavailableException("MNIST IDX files not found in " + tries + "; pass --data-dir");
    }

    static ImageDataset load(Path dir) throws IOException {
        ImageSet train = IdxReader.read(dir.resolve("train-images-idx3-ubyte"), dir.resolve("train-labels-idx1-ubyte"));
        ImageSet test = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-labels-idx1-ubyte"));
        return new ImageDataset("mnist", train, test);
    }

    static DataCatalog catalog(ImageDataset ds) {
        return new DataCatalog() {
            @Override public List<String> ids() { return List.of(ds.id()); }
            @Override public boolean isLocal(String id) { return id.equals(ds.id()); }
            @Override public ImageDataset images(String id) {
                if (!id.equals(ds.id())) throw new DataUnavailableException(id);
                return ds;
            }
        };
    }
}

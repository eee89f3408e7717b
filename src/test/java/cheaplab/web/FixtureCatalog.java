package cheaplab.web;

import cheaplab.data.LocalDataCatalog;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The production {@link LocalDataCatalog} over a scratch data directory holding the committed MNIST fixture
 * (src/test/resources/mnist-fixture: the first 1000 training and 500 test digits), with the fixture's SHA-256 sums
 * injected and a fetcher that refuses: a page test never touches the network.
 */
final class FixtureCatalog {
    /** SHA-256 of the fixture files (as in cheaplab.data.Fixtures). */
    static final Map<String, String> SHA256 = Map.of(
            "train-images-idx3-ubyte", "386bb018796babeaca208787b77c1b9db39532c4098951ea35f4694e744eb4b7",
            "train-labels-idx1-ubyte", "895f65588e45d05babf0b5fa7aee2a0d782d8143b40b5764e596df91bc9dddeb",
            "t10k-images-idx3-ubyte", "de0a55d8eb2a23fce4f596c5234b08b9c8ee685583a2b0e52f3a78eca48f9d89",
            "t10k-labels-idx1-ubyte", "60e902e82445d902e245e1b039469f36936d63cb28e81527a7bbba247c240af3");
    static final int TRAIN_IMAGES = 1000, TEST_IMAGES = 500;

    private FixtureCatalog() {}

    static LocalDataCatalog in(Path dataDir) throws IOException {
        Path mnist = Files.createDirectories(dataDir.resolve(LocalDataCatalog.MNIST));
        for (String name : LocalDataCatalog.FILES) {
            try (InputStream in = FixtureCatalog.class.getResourceAsStream("/mnist-fixture/" + name)) {
                if (in == null) throw new IllegalStateException("missing test resource mnist-fixture/" + name);
                Files.copy(in, mnist.resolve(name));
            }
        }
        return LocalDataCatalog.builder(dataDir).mnistSha256(SHA256).fashionMnistSystemDirs(List.of())
                .fetcher(work -> {
                    throw new IOException("tests never fetch MNIST");
                }).build();
    }
}

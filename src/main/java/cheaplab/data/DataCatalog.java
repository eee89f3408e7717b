package cheaplab.data;

import java.util.List;

/** The data sets labs can ask for. Implementations fetch on first need, verify checksums and cache. */
public interface DataCatalog {
    /** Data set ids known to this catalogue, e.g. {@code mnist}, {@code fashion-mnist}. */
    List<String> ids();

    /** The name pages show for a data set, e.g. "MNIST" for {@code mnist}; its id unless the catalogue knows better. */
    default String title(String id) {
        return id;
    }

    /** Whether the files are present locally (no fetch attempted). */
    boolean isLocal(String id);

    /**
     * Loads a data set, fetching it first if needed.
     *
     * @throws DataUnavailableException when it is neither present nor fetchable, with instructions
     */
    ImageDataset images(String id);
}

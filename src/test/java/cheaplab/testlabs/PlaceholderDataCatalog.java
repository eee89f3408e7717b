package cheaplab.testlabs;

import cheaplab.data.DataCatalog;
import cheaplab.data.DataUnavailableException;
import cheaplab.data.ImageDataset;

import java.util.List;

/** Placeholder data catalogue for platform tests (the real one is cheaplab.data.LocalDataCatalog): holds nothing. */
public final class PlaceholderDataCatalog implements DataCatalog {
    @Override public List<String> ids() { return List.of(); }
    @Override public boolean isLocal(String id) { return false; }

    @Override
    public ImageDataset images(String id) {
        throw new DataUnavailableException("data set '" + id + "' is not on this machine.\nPlace the files in data/" + id + " by hand.");
    }
}

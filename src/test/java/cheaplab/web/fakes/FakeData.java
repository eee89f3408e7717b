package cheaplab.web.fakes;

import cheaplab.data.DataCatalog;
import cheaplab.data.DataUnavailableException;
import cheaplab.data.ImageDataset;

import java.util.List;

/** A catalogue that knows MNIST and says whether it is local; it never loads anything. */
public final class FakeData implements DataCatalog {
    private final boolean mnistLocal;

    public FakeData(boolean mnistLocal) {
        this.mnistLocal = mnistLocal;
    }

    @Override public List<String> ids() { return List.of("mnist"); }
    @Override public boolean isLocal(String id) { return mnistLocal && id.equals("mnist"); }
    @Override public ImageDataset images(String id) {
        throw new DataUnavailableException("the page tests load no data");
    }
}

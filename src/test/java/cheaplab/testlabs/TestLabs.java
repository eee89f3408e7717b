package cheaplab.testlabs;

import cheaplab.core.JdbcRunStore;
import cheaplab.core.LabCatalog;

import java.util.List;
import java.util.UUID;

/** The test labs as a catalogue, and throw-away stores. */
public final class TestLabs {
    private TestLabs() {}

    public static LabCatalog catalog() {
        return new LabCatalog(List.of(new CountingLab(), new SlowLab(), new DivergingLab(), new ThrowingLab()));
    }

    /** A fresh private in-memory store. */
    public static JdbcRunStore memoryStore() {
        return JdbcRunStore.open("jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }
}

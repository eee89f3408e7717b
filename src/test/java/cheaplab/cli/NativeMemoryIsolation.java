package cheaplab.cli;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CLI sets JVM-wide JavaCPP properties ({@link NativeMemory}) when they are absent; this puts them back as they
 * were after each test, so later test classes in the same JVM do not inherit a test's temporary directories.
 */
final class NativeMemoryIsolation implements BeforeEachCallback, AfterEachCallback {
    static final List<String> PROPERTIES = List.of(NativeMemory.MAX_BYTES, NativeMemory.MAX_PHYSICAL_BYTES, NativeMemory.CACHE_DIR);
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NativeMemoryIsolation.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Map<String, String> saved = new HashMap<>();
        for (String k : PROPERTIES) saved.put(k, System.getProperty(k));
        context.getStore(NS).put("saved", saved);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void afterEach(ExtensionContext context) {
        Map<String, String> saved = context.getStore(NS).remove("saved", Map.class);
        for (String k : PROPERTIES) {
            String v = saved.get(k);
            if (v == null) System.clearProperty(k);
            else System.setProperty(k, v);
        }
    }
}

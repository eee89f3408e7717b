package cheaplab.linalg;

/**
 * Whether the element-wise kernels may use the Java Vector API: the JVM was started with
 * {@code --add-modules jdk.incubator.vector} (the CLI, the Dockerfile and the tests do) and the system property
 * {@code cheaplab.scalarKernels} is not set. Every vectorised kernel has a scalar twin that gives the same numbers,
 * chosen otherwise; the classes that touch {@code jdk.incubator.vector} are loaded only when this says yes.
 */
public final class VectorApi {
    private static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !Boolean.getBoolean("cheaplab.scalarKernels");

    private VectorApi() {}

    public static boolean available() {
        return AVAILABLE;
    }
}

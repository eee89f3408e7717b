package cheaplab.cli;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A start-up where ND4J finds no backend (the CUDA build without NVIDIA's driver) says so plainly. */
class NativeStartupTest {
    /** The shape of what ND4J M2.1 throws then (seen with the -P cuda jar on this CPU-only machine). */
    private static Throwable cudaWithoutDriver() {
        UnsatisfiedLinkError link = new UnsatisfiedLinkError("/data/javacpp-cache/org/bytedeco/cuda/linux-x86_64/libjnicudart.so: "
                + "libcuda.so.1: cannot open shared object file: No such file or directory");
        RuntimeException none = new RuntimeException("org.nd4j.linalg.factory.Nd4jBackend$NoAvailableBackendException: "
                + "Please ensure that you have an nd4j backend on your classpath.", link);
        return new ExceptionInInitializerError(none);
    }

    @Test
    void theCudaBuildWithoutADriverIsTold() {
        String why = NativeStartup.noBackend(cudaWithoutDriver());
        assertTrue(why != null && why.contains("CUDA build") && why.contains("libcuda.so.1") && why.contains("without -P cuda"), why);
    }

    @Test
    void otherFailuresAreNotMistakenForIt() {
        assertNull(NativeStartup.noBackend(new IllegalStateException("something else")));
        assertNull(NativeStartup.noBackend(new UnsatisfiedLinkError("libcuda.so.1 missing, but a backend loaded")));
    }
}

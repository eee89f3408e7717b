package cheaplab.cli;

import cheaplab.linalg.NumericalSelfCheck;
import cheaplab.linalg.NumericsUnreliableException;
import cheaplab.linalg.OpenBlasCoreType;
import cheaplab.linalg.OpenBlasLibraries;
import cheaplab.linalg.SelfCheckReport;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What every command that computes does before its first run: refuse a forced OpenBLAS kernel this CPU cannot
 * execute ({@link OpenBlasCoreType}), set the native thread counts the lab chose (whatever the environment
 * says: {@code --blas-threads}, default 1, for both loaded OpenBLAS copies and ND4J's BLAS binding), then run the
 * numerical self-check ({@link NumericalSelfCheck}) and refuse to compute if a routine is wrong. The settings and
 * the check's outcome are logged.
 */
final class NativeStartup {
    private static final Logger log = LoggerFactory.getLogger(NativeStartup.class);

    private NativeStartup() {}

    /**
     * @throws NumericsUnreliableException when the self-check fails (nothing may be computed)
     * @throws UsageException              when OPENBLAS_CORETYPE forces a kernel this CPU cannot run
     */
    static SelfCheckReport prepare(Options o) {
        Optional<String> coreProblem = OpenBlasCoreType.problem();
        if (coreProblem.isPresent()) throw new UsageException(coreProblem.get());
        try {
            Nd4j.getBackend();
        } catch (RuntimeException | LinkageError e) {
            String why = noBackend(e);
            if (why == null) throw e;
            throw new UsageException(why);
        }
        // ND4J's start-up sets its BLAS to one thread per core (or OMP_NUM_THREADS); the lab's own setting wins.
        Nd4j.factory().blas().setMaxThreads(o.blasThreads());
        OpenBlasLibraries.setThreads(o.blasThreads());
        // libnd4j's own element-wise ops size their thread teams from its Environment, which it read from
        // OMP_NUM_THREADS at load (every core when unset): the labs run those ops on their own threads already.
        Nd4j.getEnvironment().setMaxThreads(o.blasThreads());
        Nd4j.getEnvironment().setMaxMasterThreads(o.blasThreads());
        SelfCheckReport r = NumericalSelfCheck.report();
        log.info("OpenBLAS threads per call: {} (--blas-threads; environment OMP_NUM_THREADS={}, OPENBLAS_NUM_THREADS={}, "
                        + "OPENBLAS_CORETYPE={}); {}", o.blasThreads(), env("OMP_NUM_THREADS"), env("OPENBLAS_NUM_THREADS"),
                env("OPENBLAS_CORETYPE"), r.describe(false));
        if (!OpenBlasLibraries.kernelVisible())
            log.warn("the OpenBLAS kernel names are not visible: start the JVM with --add-modules "
                    + "jdk.incubator.vector,jdk.incubator.foreign --enable-native-access=ALL-UNNAMED (see README)");
        if (!r.passed()) throw new NumericsUnreliableException(r);
        return r;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        return v == null ? "(unset)" : v;
    }

    /**
     * The sentence for a start-up in which ND4J found no backend it can run (the CUDA build, {@code -P cuda}, on a
     * machine without NVIDIA's driver: its only backend needs {@code libcuda.so.1}), or null for any other failure.
     */
    static String noBackend(Throwable e) {
        boolean none = false;
        boolean cuda = false;
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (t.getClass().getName().endsWith("NoAvailableBackendException") || m.contains("NoAvailableBackendException")) none = true;
            if (m.contains("libcuda") || m.contains("cudart") || m.contains("JCublas")) cuda = true;
        }
        if (!none) return null;
        return cuda || cudaOnClassPath()
                ? "this is the CUDA build of the lab (mvn -P cuda): it runs only where an NVIDIA GPU and its driver are "
                  + "installed (libcuda.so.1 was not found here); build without -P cuda to run on the CPU"
                : "ND4J found no backend it can run on this machine: " + e;
    }

    /** Whether this build carries ND4J's CUDA backend. */
    private static boolean cudaOnClassPath() {
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, NativeStartup.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}

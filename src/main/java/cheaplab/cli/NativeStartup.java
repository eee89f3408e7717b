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
        Nd4j.getBackend();
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
}

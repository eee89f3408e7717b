package cheaplab;

import cheaplab.linalg.NumericalSelfCheck;
import cheaplab.linalg.SelfCheckReport;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Sets the lab's own OpenBLAS thread count (one per call, what the CLI's {@code --blas-threads} defaults to; the
 * suite runs under the machine's environment, which may set nothing) and runs the numerical self-check once when
 * the test JVM starts (registered in
 * src/test/resources/META-INF/services), so a suite on a machine whose BLAS is wrong says so first, in one
 * line, instead of through dozens of failing lab tests. {@code NumericalSelfCheckTest} asserts the outcome.
 */
public final class NumericsAtTestStart implements LauncherSessionListener {
    @Override
    public void launcherSessionOpened(LauncherSession session) {
        // As cli.NativeStartup, in its order: ND4J loads first (its start-up sets its BLAS to one thread per core),
        // then the lab's own default (--blas-threads 1) for ND4J's binding, both OpenBLAS copies and libnd4j's ops.
        cheaplab.cli.NativeMemory.limits(); // JavaCPP's off-heap limits as the server sets them, before ND4J loads
        org.nd4j.linalg.factory.Nd4j.getBackend();
        org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(1);
        cheaplab.linalg.OpenBlasLibraries.setThreads(1);
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxThreads(1);
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(1);
        SelfCheckReport r = NumericalSelfCheck.report();
        System.err.println(r.describe(false));
        if (!r.passed()) System.err.println("THE LAB TESTS BELOW RUN ON WRONG NUMERICS: " + r.failedRoutines());
    }
}

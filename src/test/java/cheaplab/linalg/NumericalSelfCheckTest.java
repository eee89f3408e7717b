package cheaplab.linalg;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NumericalSelfCheckTest {
    @Test
    void theRoutinesTheLabsUseAreRightOnThisMachine() {
        SelfCheckReport r = NumericalSelfCheck.report();
        assertTrue(r.passed(), r.describe(false));
        Set<String> libraries = r.checks().stream().map(SelfCheckReport.Check::library).collect(Collectors.toSet());
        assertEquals(Set.of("libopenblas", "libopenblas_nolapack", "nd4j"), libraries, "both OpenBLAS copies and ND4J's binding");
        Set<String> routines = r.checks().stream().map(c -> c.routine().split(" ")[0]).collect(Collectors.toSet());
        for (String needed : new String[]{"dgemm", "sgemm", "dgemv", "sgemv", "dsyrk", "dtrmm", "dtrsm", "saxpy+scopy",
                "dposv", "dgelqf", "dtpqrt", "dgesdd", "dsyevd", "Nd4j.gemm", "INDArray.mmul"})
            assertTrue(routines.contains(needed), needed + " is checked: " + routines);
        assertEquals(2, r.libraries().size(), "two OpenBLAS copies are loaded: " + r.blas());
        for (OpenBlasLibraries.Library l : r.libraries()) {
            assertTrue(l.version().matches("\\d+\\.\\d+\\.\\d+"), l.toString());
            assertTrue(l.threads() >= 1, l.toString());
        }
    }

    /** The 0.3.19 AVX-512 symptom: dtrsm wrong from size 8 up, relative errors of order 1. */
    @Test
    void aWrongTriangularSolveIsCaughtAndNamed() {
        SelfCheckReport r = NumericalSelfCheck.run((routine, out) -> {
            if (routine.startsWith("dtrsm") && out.length >= 8) out[out.length / 2] += 1 + Math.abs(out[out.length / 2]);
        });
        assertFalse(r.passed());
        assertTrue(r.failures().stream().allMatch(c -> c.routine().startsWith("dtrsm")), r.describe(false));
        assertTrue(r.failures().stream().anyMatch(c -> c.library().equals("libopenblas")), "LAPACK's copy is checked too");
        NumericsUnreliableException e = assertThrows(NumericsUnreliableException.class, () -> {
            throw new NumericsUnreliableException(r);
        });
        String m = e.getMessage();
        assertTrue(m.contains("dtrsm"), m);
        assertTrue(m.contains(r.libraries().get(0).version()) && m.contains(r.libraries().get(0).core()), "names version and kernel: " + m);
        assertTrue(m.contains("OPENBLAS_CORETYPE=Haswell"), "says what to do: " + m);
    }

    @Test
    void oneUlpOffInAnExactProductFails() {
        SelfCheckReport r = NumericalSelfCheck.run((routine, out) -> {
            if (routine.startsWith("sgemm NT") && out.length > 0) out[0] += Math.ulp((float) out[0]);
        });
        assertFalse(r.passed());
        assertTrue(r.failedRoutines().startsWith("sgemm NT"), r.failedRoutines());
    }

    @Test
    void wrongDecompositionsFailEachOnItsOwn() {
        for (String routine : new String[]{"dposv", "dgelqf", "dtpqrt", "dgesdd singular values", "dgesdd U·S·Vᵀ", "dsyevd eigenvalues"}) {
            SelfCheckReport r = NumericalSelfCheck.run((name, out) -> {
                if (name.startsWith(routine) && out.length > 1) out[1] *= 1 + 1e-6;
            });
            assertFalse(r.passed(), routine);
            assertTrue(r.failedRoutines().startsWith(routine), routine + " -> " + r.failedRoutines());
        }
    }

    /** The tolerances leave room for correct kernels that round differently (a relative 10⁻¹³ is accepted). */
    @Test
    void roundingBelowTheToleranceIsAccepted() {
        SelfCheckReport r = NumericalSelfCheck.run((routine, out) -> {
            if (routine.startsWith("dposv") || routine.startsWith("dgesdd") || routine.startsWith("dtrsm"))
                for (int i = 0; i < out.length; i++) out[i] *= 1 + 1e-13;
        });
        assertTrue(r.passed(), r.describe(false));
    }
}

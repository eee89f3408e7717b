package cheaplab.web;

import cheaplab.core.Versions;
import cheaplab.linalg.NumericalSelfCheck;
import cheaplab.linalg.OpenBlasLibraries;
import cheaplab.linalg.SelfCheckReport;
import io.javalin.Javalin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/health}: whether this server computes right answers — the numerical self-check's outcome
 * ({@link NumericalSelfCheck}) — and the native engine it computes with: the versions embedded in every result,
 * and each loaded OpenBLAS copy's version, kernel and threads. 200 when the self-check passed, 503 when it did not.
 */
final class HealthRoute {
    private HealthRoute() {}

    static void register(Javalin app) {
        app.get("/api/health", ctx -> {
            Map<String, Object> body = body(NumericalSelfCheck.report());
            ctx.status("ok".equals(body.get("status")) ? 200 : 503).json(body);
        });
    }

    static Map<String, Object> body(SelfCheckReport r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", r.passed() ? "ok" : "refusing to compute");
        body.put("versions", Versions.current());
        body.put("openblas", OpenBlasLibraries.loaded());
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("passed", r.passed());
        check.put("checks", r.checks().size());
        check.put("failures", r.failures().stream().map(SelfCheckReport.Check::describe).toList());
        check.put("millis", Math.round(r.millis()));
        check.put("covers", List.of("dgemm, sgemm (all transpositions, padded leading dimensions), dgemv, sgemv, dsyrk, "
                + "dtrmm, dtrsm, saxpy, scopy in both OpenBLAS copies", "LAPACK dposv, dgelqf, dtpqrt, dgesdd, dsyevd",
                "ND4J gemm and mmul (float, double)"));
        body.put("selfCheck", check);
        return body;
    }
}

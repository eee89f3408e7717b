package cheaplab.lab.ridge;

import cheaplab.core.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agreement with scikit-learn's {@code Ridge(alpha=λ, solver='svd', fit_intercept=True)} on the committed MNIST
 * fixture (first N of 1000 training images, MSE on 500 test images), for λ ≥ 1e-3 with {@code sum} scaling
 * (sklearn's alpha). Reference numbers: src/test/resources/ridge/sklearn-ridge-mnist-fixture.json, produced once
 * by ../shared/peers/scripts/ridge_mnist_sweep.py (command in the file's note).
 */
class SklearnAgreementTest {
    static final double TOLERANCE = 1e-6;

    static JsonNode reference() throws Exception {
        try (InputStream in = SklearnAgreementTest.class.getResourceAsStream("/ridge/sklearn-ridge-mnist-fixture.json")) {
            return Json.MAPPER.readTree(in);
        }
    }

    static double check(String target, String sklearnTarget) throws Exception {
        JsonNode ref = reference();
        List<Integer> ns = new ArrayList<>();
        ref.get("N_grid").forEach(n -> ns.add(n.asInt()));
        List<Double> lambdas = new ArrayList<>();
        ref.get("lambdas").forEach(l -> lambdas.add(l.asDouble()));
        RidgeConfig c = new RidgeConfig("mnist", 784, ns, lambdas, "sum", 1, 0.5, 1.0, 1.0, 0.9, target, 0, 5, false, 1);
        RidgeResult r = new RidgeLab().run(c, new RecordingContext(1, FixtureMnist.INSTANCE));
        assertEquals(ns.size() * lambdas.size(), r.points().size());
        double worst = 0;
        for (RidgePoint pt : r.points()) {
            int i = ns.indexOf(pt.instances());
            JsonNode column = ref.get("test_mse").get(sklearnTarget).get(lambdaKey(pt.lambda()));
            double expected = column.get(i).asDouble();
            double rel = Math.abs(pt.testRisk() - expected) / expected;
            worst = Math.max(worst, rel);
            assertTrue(rel <= TOLERANCE, target + " N=" + pt.instances() + " λ=" + pt.lambda() + ": ours " + pt.testRisk()
                    + " sklearn " + expected + " (rel " + rel + ")");
            assertEquals(pt.testRisk(), pt.bias2(), 0.0, "one repeat: bias2 = testRisk");
            assertEquals(0.0, pt.variance(), 0.0, "one repeat: no spread to measure");
            assertEquals(ref.get("rank_centred").get(i).asInt(), pt.rank(), 0.0, "numerical rank as numpy's matrix_rank");
        }
        return worst;
    }

    /** Python's str(float) keys: 0.001, 0.1, 1.0, 10.0. */
    static String lambdaKey(double lambda) {
        return Double.toString(lambda);
    }

    @Test
    void digitLabelAsARealNumber() throws Exception {
        double worst = check("digit", "label");
        System.out.printf("sklearn agreement (digit): max relative deviation %.2e%n", worst);
    }

    @Test
    void zeroVersusRest() throws Exception {
        double worst = check("digit-0", "zero_pm1");
        System.out.printf("sklearn agreement (digit-0): max relative deviation %.2e%n", worst);
    }
}

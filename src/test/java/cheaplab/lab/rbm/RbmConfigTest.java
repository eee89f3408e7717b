package cheaplab.lab.rbm;

import cheaplab.core.Check;
import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RbmConfigTest {
    private static RbmConfig withJson(UnaryOperator<ObjectNode> edit) throws Exception {
        ObjectNode n = (ObjectNode) Json.tree(RbmConfig.defaults());
        return Json.MAPPER.treeToValue(edit.apply(n), RbmConfig.class);
    }

    private static void rejects(String field, UnaryOperator<ObjectNode> edit) {
        ConfigException t = refusal(edit);
        assertEquals(field, t.field(), t.getMessage());
    }

    private static ConfigException refusal(UnaryOperator<ObjectNode> edit) {
        Exception e = assertThrows(Exception.class, () -> withJson(edit));
        Throwable t = e;
        while (t != null && !(t instanceof ConfigException)) t = t.getCause();
        assertNotNull(t, "expected a ConfigException, got " + e);
        return (ConfigException) t;
    }

    @Test
    void defaultsAreValidAndRoundTrip() throws Exception {
        RbmConfig d = RbmConfig.defaults();
        assertEquals(d, withJson(n -> n));
        assertTrue(d.hidden() <= ExactPartitionFunction.MAX_UNITS, "the defaults show exact vs AIS log Z");
        assertTrue(d.aisRuns() > 0, "the defaults show exact vs AIS log Z");
        assertTrue(d.evalEvery() > 0 && d.epochs() / d.evalEvery() >= 3, "log Z is charted over training, not once");
    }

    @Test
    void everyFieldIsRangeChecked() {
        rejects("dataset", n -> n.put("dataset", "cifar"));
        rejects("hidden", n -> n.put("hidden", 0));
        rejects("hidden", n -> n.put("hidden", 5000));
        rejects("k", n -> n.put("k", 0));
        rejects("learningRate", n -> n.put("learningRate", 0.0));
        rejects("learningRate", n -> n.put("learningRate", 11.0));
        rejects("momentum", n -> n.put("momentum", 1.0));
        rejects("weightDecay", n -> n.put("weightDecay", -1e-4));
        rejects("l1", n -> n.put("l1", 2.0));
        rejects("batchSize", n -> n.put("batchSize", 0));
        rejects("batchSize", n -> n.put("trainImages", 50).put("batchSize", 100));
        rejects("epochs", n -> n.put("epochs", -1));
        rejects("trainImages", n -> n.put("trainImages", 0));
        rejects("validationImages", n -> n.put("validationImages", 0));
        rejects("validationImages", n -> n.put("trainImages", 59_000).put("validationImages", 2_000));
        rejects("testImages", n -> n.put("testImages", 10_001));
        rejects("aisRuns", n -> n.put("aisRuns", 1));
        rejects("aisBetas", n -> n.put("aisBetas", 3));
        rejects("evalEvery", n -> n.put("evalEvery", -2));
    }

    /** Every size field at the top of its range: 4096 hidden, batch 10,000, 50,000 + 10,000 + 10,000 images. */
    private static ObjectNode largest(ObjectNode n, int aisRuns) {
        return n.put("hidden", 4096).put("aisRuns", aisRuns).put("batchSize", 10_000).put("trainImages", 50_000)
                .put("validationImages", 10_000).put("testImages", 10_000);
    }

    private static boolean accepted(int aisRuns) {
        try {
            withJson(n -> largest(n, aisRuns));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /**
     * Bytes of the float32 arrays the engine allocates for a whole run, read off its constructors: the image
     * splits with their bias column (RbmData), CD's v, hPre, h (2B rows each), hSample, vPre, vProb (B rows), Θ and
     * its increment, and the AIS chains x, a, hs, vPre (M rows). The estimate must cover at least these.
     */
    private static double allocatedBytes(RbmConfig c) {
        double v1 = RbmConfig.PIXELS + 1, h1 = c.hidden() + 1, b = c.batchSize(), m = c.aisRuns();
        double data = v1 * ((double) c.trainImages() + c.validationImages() + c.testImages());
        double cd = 2 * b * v1 + 2 * (2 * b * h1) + b * h1 + 2 * b * v1;
        double theta = 2 * v1 * h1;
        double ais = m * (v1 + 2.0 * c.hidden() + RbmConfig.PIXELS);
        return 4 * (data + cd + theta + ais);
    }

    @Test
    void theLargestAllowedConfigFitsTheMemoryBudget() throws Exception {
        long budget = Check.MEMORY_BUDGET_BYTES;
        // Every field at its maximum: each term alone is under the budget, their sum (what the run holds) is not.
        Map<String, Double> maxed = RbmConfig.memoryTerms(RbmConfig.PIXELS, 4096, 10_000, 50_000, 10_000, 10_000, 10_000);
        for (Map.Entry<String, Double> t : maxed.entrySet()) assertTrue(t.getValue() < budget, t.toString());
        ConfigException all = refusal(n -> largest(n, 10_000));
        assertEquals("batchSize", all.field(), "the largest term's field: " + all.getMessage());
        assertTrue(all.getMessage().contains(String.format(Locale.ROOT, "%,d bytes", Check.totalBytes(maxed)))
                && all.getMessage().contains(String.format(Locale.ROOT, "%,d bytes", budget)), all.getMessage());

        // The largest accepted config: the other fields at their maxima, as many AIS runs as fit.
        int ok = 2, over = 10_000;
        assertTrue(accepted(ok));
        while (over - ok > 1) {
            int mid = (ok + over) >>> 1;
            if (accepted(mid)) ok = mid;
            else over = mid;
        }
        int fits = ok;
        RbmConfig big = withJson(n -> largest(n, fits));
        long total = big.memoryBytes();
        System.out.printf(Locale.ROOT, "largest accepted RBM config (4096 hidden, batch 10000, %d AIS runs): %,d bytes of %,d%n",
                fits, total, budget);
        assertTrue(total <= budget, total + " bytes > budget " + budget);
        assertTrue(total >= allocatedBytes(big), "the estimate covers the arrays the engine allocates: " + total
                + " < " + allocatedBytes(big));

        // One AIS run more is over the budget and refused, naming the dominant field and saying need vs budget.
        Map<String, Double> terms = RbmConfig.memoryTerms(RbmConfig.PIXELS, 4096, 10_000, 50_000, 10_000, 10_000, fits + 1);
        assertTrue(Check.totalBytes(terms) > budget);
        ConfigException e = refusal(n -> largest(n, fits + 1));
        String dominant = terms.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertEquals(dominant, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(String.format(Locale.ROOT, "%,d bytes", Check.totalBytes(terms)))
                && e.getMessage().contains(String.format(Locale.ROOT, "%,d bytes", budget))
                && e.getMessage().contains("make " + dominant + " smaller"), e.getMessage());
    }

    @Test
    void theEstimateCoversWhatTheEngineAllocates() throws Exception {
        RbmConfig d = RbmConfig.defaults();
        assertTrue(d.memoryBytes() >= allocatedBytes(d), d.memoryBytes() + " < " + allocatedBytes(d));
        RbmConfig paper = withJson(n -> n.put("hidden", 500).put("aisRuns", 10_000).put("batchSize", 100));
        assertTrue(paper.memoryBytes() >= allocatedBytes(paper), paper.memoryBytes() + " < " + allocatedBytes(paper));
        assertEquals(Check.totalBytes(RbmConfig.memoryTerms(RbmConfig.PIXELS, 500, 100, 20_000, 1_000, 10_000, 10_000)),
                paper.memoryBytes(), "memoryBytes is the sum of the terms the constructor checks");
    }

    @Test
    void weightsMustBeConsistentAndMatchHidden() {
        rejects("weights", n -> {
            ObjectNode w = n.putObject("weights");
            w.putArray("W").addArray().add(0.1).add(0.2);
            w.putArray("b").add(0.0).add(0.0);
            w.putArray("c").add(0.0).add(0.0);
            return n;
        });
        rejects("hidden", n -> {
            ObjectNode w = n.putObject("weights");
            w.putArray("W").addArray().add(0.1).add(0.2);
            w.putArray("b").add(0.0);
            w.putArray("c").add(0.0).add(0.0);
            return n;
        });
        rejects("weights", n -> {
            ObjectNode w = n.putObject("weights");
            w.putArray("W").addArray().add(0.1).add("NaN");
            w.putArray("b").add(0.0);
            w.putArray("c").add(0.0).add(0.0);
            return n.put("hidden", 2);
        });
    }

    @Test
    void unknownKeysAreRefused() {
        assertThrows(Exception.class, () -> withJson(n -> n.put("hiddenUnits", 3)));
    }
}

package cheaplab.lab.rbm;

import cheaplab.core.ConfigException;
import cheaplab.core.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

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
        Exception e = assertThrows(Exception.class, () -> withJson(edit));
        Throwable t = e;
        while (t != null && !(t instanceof ConfigException)) t = t.getCause();
        assertNotNull(t, "expected a ConfigException for " + field + ", got " + e);
        assertEquals(field, ((ConfigException) t).field(), t.getMessage());
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

    @Test
    void theLargestAllowedConfigFitsTheMemoryBudget() throws Exception {
        // The ranges keep every main array under Check.MEMORY_BUDGET_BYTES; the checks in the constructor guard it.
        RbmConfig big = withJson(n -> n.put("hidden", 4096).put("aisRuns", 10_000).put("batchSize", 10_000)
                .put("trainImages", 50_000).put("validationImages", 10_000));
        assertEquals(4096, big.hidden());
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

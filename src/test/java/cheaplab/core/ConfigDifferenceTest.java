package cheaplab.core;

import cheaplab.lab.rbm.RbmConfig;
import cheaplab.lab.ridge.RidgeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfigDifferenceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void oneDifferingFieldIsNamedByItsSymbolAndTheTitleListsItsValues() throws Exception {
        JsonNode a = json("{\"lambdas\":[1e-6],\"features\":200,\"seed\":1}");
        JsonNode b = json("{\"lambdas\":[0.001],\"features\":200,\"seed\":1}");
        ConfigDifference d = ConfigDifference.of(RidgeConfig.class, List.of(a, b));
        assertEquals(List.of("lambdas"), d.fields());
        assertEquals(List.of("λ = 10⁻⁶", "λ = 0.001"), d.labels());
        assertEquals("λ = 10⁻⁶ vs 0.001", d.title());
    }

    @Test
    void severalFieldsInDeclarationOrderWithSubscriptsAndPlainNames() throws Exception {
        JsonNode a = json("{\"hidden\":16,\"k\":1,\"persistent\":false,\"seed\":1}");
        JsonNode b = json("{\"hidden\":64,\"k\":10,\"persistent\":true,\"seed\":1}");
        ConfigDifference d = ConfigDifference.of(RbmConfig.class, List.of(a, b));
        assertEquals(List.of("hidden", "k", "persistent"), d.fields());
        assertEquals(List.of("n_h = 16, k = 1, persistent = false", "n_h = 64, k = 10, persistent = true"), d.labels());
        assertEquals("n_h = 16, k = 1, persistent = false vs n_h = 64, k = 10, persistent = true", d.title());
    }

    @Test
    void moreThanThreeFieldsAreCountedAndLongListsCut() throws Exception {
        JsonNode a = json("{\"hidden\":16,\"k\":1,\"persistent\":false,\"learningRate\":0.1,\"momentum\":0.5}");
        JsonNode b = json("{\"hidden\":64,\"k\":10,\"persistent\":true,\"learningRate\":0.01,\"momentum\":0.9}");
        assertEquals("n_h = 16, k = 1, persistent = false, +2 more",
                ConfigDifference.of(RbmConfig.class, List.of(a, b)).labels().get(0));
        assertEquals("1, 2, 3, 4, … (6 values)", ConfigDifference.value(json("[1,2,3,4,5,6]")));
    }

    @Test
    void identicalConfigsSaySo() throws Exception {
        JsonNode a = json("{\"k\":1}");
        ConfigDifference d = ConfigDifference.of(RbmConfig.class, List.of(a, a.deepCopy()));
        assertEquals(List.of(), d.fields());
        assertEquals(List.of("same config", "same config"), d.labels());
    }

    @Test
    void numbersAreShortAndUseRealMinusSignsAndSuperscripts() {
        assertEquals("10⁻⁶", ConfigDifference.number(1e-6));
        assertEquals("2.5×10⁻⁴", ConfigDifference.number(2.5e-4));
        assertEquals("−3×10⁶", ConfigDifference.number(-3e6));
        assertEquals("0.333", ConfigDifference.number(1.0 / 3));
        assertEquals("1.23×10⁵", ConfigDifference.number(123456));
        assertEquals("10⁻³", ConfigDifference.number(0.000999999), "rounding up to the next power");
        assertEquals("0", ConfigDifference.number(0));
    }
}

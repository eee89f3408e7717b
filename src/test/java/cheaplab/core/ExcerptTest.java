package cheaplab.core;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ExcerptTest {
    record Tiny(int a) {}

    @Test
    void shortPrintableInputIsItself() {
        assertEquals("abc<script>", Excerpt.of("abc<script>"));
        assertEquals("null", Excerpt.of(null));
    }

    @Test
    void longInputIsCutAndSaysHowLongItWas() {
        String s = Excerpt.of("x".repeat(8 << 20));
        assertEquals("x".repeat(Excerpt.MAX) + "…(8388608 chars)", s);
    }

    @Test
    void controlCharactersAreEscaped() {
        assertEquals("a\\nb\\r\\tc\\u0000\\u001b", Excerpt.of("a\nb\r\tc\u0000\u001b"));
    }

    @Test
    void aSurrogatePairIsNeverSplit() {
        String s = "x".repeat(Excerpt.MAX - 1) + "😀" + "y";
        String e = Excerpt.of(s);
        assertTrue(e.startsWith("x".repeat(Excerpt.MAX - 1) + "…("), e);
    }

    @Test
    void configExceptionsCapFieldAndMessage() {
        String key = "k".repeat(1 << 20);
        ConfigException e = ConfigBinder.unknownField(key, Tiny.class);
        assertTrue(e.field().length() < 100, e.field());
        assertTrue(e.getMessage().length() < ConfigException.MAX_MESSAGE + 200, "" + e.getMessage().length());
        assertTrue(e.getMessage().startsWith(e.field() + ": "));
        ConfigException big = new ConfigException("dataset", "must be one of a, b, was '" + "z".repeat(1 << 20) + "'");
        assertTrue(big.getMessage().length() < ConfigException.MAX_MESSAGE + 200);
        ConfigException oneOf = assertThrows(ConfigException.class, () -> Check.oneOf("dataset", "d".repeat(8 << 20), "mnist"));
        assertTrue(oneOf.getMessage().length() < 200, oneOf.getMessage());
        assertTrue(oneOf.getMessage().contains("(8388608 chars)"), oneOf.getMessage());
    }
}

package cheaplab.testlabs;

import cheaplab.core.Check;
import cheaplab.core.Lab;
import cheaplab.core.RunContext;

import java.util.Map;

/**
 * Test lab for event streams: waits at an optional {@link Gates gate}, then publishes {@code events} points (every
 * {@code bigEvery}-th one is a log line of {@code bigBytes} bytes instead), and ends with a result that carries a
 * {@code payloadBytes}-byte text, so the terminal event is large. Texts mix one-, two-, three- and four-byte UTF-8
 * characters so that frame and compression boundaries fall inside characters.
 */
public final class StreamLab implements Lab<StreamLab.Config, StreamLab.Result> {
    public record Config(int events, int bigEvery, int bigBytes, int payloadBytes, int pauseEvery, int pauseMillis, String gate, long seed) {
        public Config {
            Check.range("events", events, 0, 1_000_000);
            Check.range("bigEvery", bigEvery, 0, 1_000_000);
            Check.range("bigBytes", bigBytes, 0, 1 << 22);
            Check.range("payloadBytes", payloadBytes, 0, 1 << 22);
            Check.range("pauseEvery", pauseEvery, 0, 1_000_000);
            Check.range("pauseMillis", pauseMillis, 0, 10_000);
        }
    }

    public record Result(int events, String payload) {}

    @Override public String id() { return "stream"; }
    @Override public String title() { return "Stream"; }
    @Override public String summary() { return "Publishes events, small and large."; }
    @Override public Class<Config> configType() { return Config.class; }
    @Override public Config defaults() { return new Config(100, 0, 0, 1000, 0, 0, "", 1); }

    /** About {@code bytes} bytes of UTF-8 text: ASCII, 'λ' (2 bytes), '€' (3), '😀' (4) and a quote to escape. */
    public static String text(int bytes, long seed) {
        String[] parts = {"abc", "λ", "€", "😀", "\"", "x"};
        StringBuilder b = new StringBuilder();
        int n = 0;
        long s = seed;
        while (n < bytes) {
            s = s * 6364136223846793005L + 1442695040888963407L;
            String p = parts[(int) ((s >>> 33) % parts.length)];
            b.append(p);
            n += p.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return b.toString();
    }

    @Override
    public Result run(Config c, RunContext ctx) throws InterruptedException {
        if (c.gate() != null && !c.gate().isEmpty()) {
            Gates.arrived(c.gate()).countDown();
            while (!Gates.gate(c.gate()).await(5, java.util.concurrent.TimeUnit.MILLISECONDS)) ctx.checkCancelled();
        }
        for (int i = 1; i <= c.events(); i++) {
            ctx.checkCancelled();
            if (c.bigEvery() > 0 && i % c.bigEvery() == 0) ctx.log(text(c.bigBytes(), i));
            else ctx.point("s", Map.of("i", i, "t", System.nanoTime()));
            if (c.pauseEvery() > 0 && i % c.pauseEvery() == 0) Thread.sleep(c.pauseMillis());
        }
        return new Result(c.events(), text(c.payloadBytes(), c.seed()));
    }
}

package cheaplab.core;

import cheaplab.testlabs.Await;
import cheaplab.testlabs.PlaceholderDataCatalog;
import cheaplab.testlabs.TestLabs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run-time model: a lab's work estimate times the seconds per unit this server measured on the lab's finished
 * runs; a config predicted well over the cap per run is refused at submission naming the knob to turn.
 */
class RunTimeModelTest {
    /** Sleeps {@code millis}: its work is exactly its duration, so the model's arithmetic is checkable. */
    static final class NapLab implements Lab<NapLab.Config, NapLab.Result> {
        public record Config(int millis, int repeats, long seed) {
            public Config {
                Check.range("millis", millis, 0, 600_000);
                Check.range("repeats", repeats, 1, 100);
            }
        }

        public record Result(int millis) {}

        @Override public String id() { return "nap"; }
        @Override public String title() { return "Nap"; }
        @Override public String summary() { return "Sleeps."; }
        @Override public Class<Config> configType() { return Config.class; }
        @Override public Config defaults() { return new Config(10, 1, 1); }

        @Override
        public Result run(Config c, RunContext ctx) throws Exception {
            for (int r = 0; r < c.repeats(); r++) {
                long end = System.nanoTime() + c.millis() * 1_000_000L;
                while (System.nanoTime() < end) {
                    ctx.checkCancelled();
                    Thread.sleep(5);
                }
            }
            return new Result(c.millis());
        }

        @Override
        public Cost cost(Config c) {
            return new Cost(Math.max(1, (double) c.millis() * c.repeats()), List.of("millis", "repeats"));
        }
    }

    private static final NapLab LAB = new NapLab();
    private static final Instant T0 = Instant.parse("2026-12-04T00:00:00Z");

    private static RunRecord finished(String lab, int millis, double seconds) {
        return new RunRecord("r" + millis + "-" + seconds, lab, 1, Json.tree(new NapLab.Config(millis, 1, 1)), RunStatus.FINISHED,
                T0, T0, T0.plusMillis(Math.round(seconds * 1000)), null, null, "x");
    }

    @Test
    void theLabsWorkTimesTheMedianMeasuredRate() {
        // Rates: 2 s per 1000 ms of work, 3 s per 1000, 2.5 s per 1000 → median 2.5 ms a unit.
        List<RunRecord> h = List.of(finished("nap", 1000, 2.0), finished("nap", 2000, 6.0), finished("nap", 4000, 10.0),
                finished("nap", 5, 0.5) /* under a second: start-up, not work */, finished("other", 1000, 90));
        OptionalDouble s = RunTimeModel.seconds(LAB, new NapLab.Config(3000, 2, 1), h);
        assertEquals(15.0, s.orElseThrow(), 1e-9);
        assertTrue(RunTimeModel.seconds(LAB, new NapLab.Config(3000, 1, 1), h.subList(0, 1)).isEmpty(), "one run is not a calibration");
        assertTrue(RunTimeModel.seconds(LAB, new NapLab.Config(3000, 1, 1), List.of()).isEmpty());
        // Over 1.5 × the cap: refused, naming the knobs; within it: let through.
        ConfigException e = assertThrows(ConfigException.class,
                () -> RunTimeModel.refuseOverCap(LAB, new NapLab.Config(3000, 2, 1), h, Duration.ofSeconds(9)));
        assertEquals("millis", e.field());
        assertTrue(e.getMessage().contains("about 15 s") && e.getMessage().contains("9 s cap") && e.getMessage().contains("make millis or repeats smaller"),
                e.getMessage());
        RunTimeModel.refuseOverCap(LAB, new NapLab.Config(3000, 2, 1), h, Duration.ofSeconds(10));
        RunTimeModel.refuseOverCap(LAB, new NapLab.Config(3000, 2, 1), h, null);
    }

    @Test
    void aServerWithACapRefusesWhatItsOwnRunsSayWouldNotFit() throws Exception {
        RunService s = new RunService(new LabCatalog(List.of(LAB)), TestLabs.memoryStore(), new PlaceholderDataCatalog(),
                new RunService.Settings(1, 4, Duration.ofSeconds(5), Duration.ofSeconds(2), InProcessJobQueue.OwnerLimits.NONE));
        try {
            // Nothing measured yet: a long run is accepted (and would time out).
            RunRecord first = s.submit("nap", Json.MAPPER.readTree("{\"millis\": 1100}"));
            RunRecord second = s.submit("nap", Json.MAPPER.readTree("{\"millis\": 1200}"));
            RunRecord unknownYet = s.submit("nap", Json.MAPPER.readTree("{\"millis\": 60000}"));
            Await.terminal(s, first.id());
            Await.terminal(s, second.id());
            s.cancel(unknownYet.id());
            Await.terminal(s, unknownYet.id());
            assertEquals(RunStatus.FINISHED, s.find(second.id()).orElseThrow().status());
            // Two runs of ~1 s per 1000 ms: 10 s predicted against a 2 s cap is refused up front; 2.5 s is not.
            ConfigException e = assertThrows(ConfigException.class, () -> s.submit("nap", Json.MAPPER.readTree("{\"millis\": 10000}")));
            assertEquals("millis", e.field());
            RunRecord fits = s.submit("nap", Json.MAPPER.readTree("{\"millis\": 2500}"));
            s.cancel(fits.id());
            Await.terminal(s, fits.id());
        } finally {
            s.close();
        }
    }
}

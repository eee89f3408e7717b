package cheaplab.web;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client rate limits ({@code --rate-submits-per-minute}, {@code --rate-requests-per-second}): a token bucket per
 * client for run submissions and one for every other dynamic request (pages, API, fragments; static files and
 * WebSocket frames are not counted — sockets have their own cap, {@link SocketLimits}). A request over its bucket is
 * refused before any route with 429, {@code Retry-After} (whole seconds until a token is back) and a sentence that
 * says which limit it met. The client is the participant session in workshop mode (many participants may share
 * one address behind a school's NAT) and the remote address otherwise. The single-user lab has no limits unless
 * the flags set them (its one user is the machine's owner); a workshop deployment has {@link Settings#DEFAULTS}. At most {@value #MAX_CLIENTS} clients are
 * tracked; past that the buckets are forgotten (a full bucket is the state of a new client anyway).
 */
public final class RateLimits {
    static final int MAX_CLIENTS = 100_000;

    /**
     * @param submitsPerMinute  runs a client may submit per minute on average (0 = no limit)
     * @param submitBurst       runs it may submit at once
     * @param requestsPerSecond other requests per second on average (0 = no limit)
     * @param requestBurst      requests it may make at once
     */
    public record Settings(double submitsPerMinute, int submitBurst, double requestsPerSecond, int requestBurst) {
        /** Far above what a person at a browser does (a page load is ~5 dynamic requests, a workshop poll 1 per 2 s). */
        public static final Settings DEFAULTS = new Settings(30, 10, 50, 200);
        public static final Settings NONE = new Settings(0, 1, 0, 1);

        public Settings {
            if (submitsPerMinute < 0 || requestsPerSecond < 0 || submitBurst < 1 || requestBurst < 1)
                throw new IllegalArgumentException("rates must be ≥ 0 and bursts ≥ 1");
        }
    }

    /** A token bucket; {@link #take} answers 0 when a token was taken, else the seconds until one is back. */
    static final class Bucket {
        private final double perSecond;
        private final double capacity;
        private double tokens;
        private long last;

        Bucket(double perSecond, double capacity, long now) {
            this.perSecond = perSecond;
            this.capacity = capacity;
            this.tokens = capacity;
            this.last = now;
        }

        synchronized long take(long now) {
            tokens = Math.min(capacity, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }
    }

    private final Settings settings;
    private final Participants participants;
    private final Map<String, Bucket> submits = new ConcurrentHashMap<>();
    private final Map<String, Bucket> requests = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier clock;

    RateLimits(Settings settings, Participants participants, java.util.function.LongSupplier clock) {
        this.settings = settings;
        this.participants = participants;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.before(this::check);
    }

    private void check(Context ctx) {
        String path = ctx.path();
        if (SecurityHeaders.staticFile(path) || path.startsWith("/ws/") || "/api/health".equals(path)) return;
        String client = participants.workshopMode() ? "p:" + participants.current(ctx).id() : "a:" + ctx.req().getRemoteAddr();
        if (submission(ctx) && settings.submitsPerMinute() > 0) {
            long wait = bucket(submits, client, settings.submitsPerMinute() / 60, settings.submitBurst()).take(clock.getAsLong());
            if (wait > 0) throw refusal(wait, "this client submitted more than " + settings.submitBurst() + " runs at once or "
                    + number(settings.submitsPerMinute()) + " a minute; wait " + wait + " s before the next one");
        } else if (settings.requestsPerSecond() > 0) {
            long wait = bucket(requests, client, settings.requestsPerSecond(), settings.requestBurst()).take(clock.getAsLong());
            if (wait > 0) throw refusal(wait, "this client made more than " + number(settings.requestsPerSecond())
                    + " requests a second; wait " + wait + " s");
        }
    }

    /** Run submissions: a lab's runs route and a workshop step's. */
    static boolean submission(Context ctx) {
        if (!"POST".equals(ctx.method().name())) return false;
        String p = ctx.path();
        return p.endsWith("/runs") && (p.startsWith("/api/labs/") || p.startsWith("/api/workshops/"));
    }

    private Bucket bucket(Map<String, Bucket> map, String client, double perSecond, int burst) {
        if (map.size() > MAX_CLIENTS) map.clear();
        return map.computeIfAbsent(client, k -> new Bucket(perSecond, burst, clock.getAsLong()));
    }

    private static HttpRefusal refusal(long wait, String message) {
        return new HttpRefusal(429, "rate_limited", null, message, Map.of("Retry-After", Long.toString(wait)));
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}

package cheaplab.web;

import cheaplab.core.RunRecord;
import io.javalin.Javalin;
import io.javalin.http.Context;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who is asking. In the single-user lab (no instructor token configured) everyone is the one local user, who may
 * do everything, and nothing here sets a cookie. In workshop mode every browser gets a participant session on its
 * first visit: an HttpOnly, SameSite=Lax cookie holding a random secret; the participant's public id (a different
 * random value, what runs record as their owner, safe to show) and a CSRF token hang off it. Only a run's owner or
 * an instructor may cancel it; others cannot see it at all ({@link #canSee}); every state-changing request must
 * carry the session's CSRF token in {@value #CSRF_HEADER} (htmx sends it, static/js/main.js), or it is refused
 * with 403 before any route runs. Sessions live in this JVM (at most {@value #MAX_SESSIONS}, least recently used
 * dropped): a restart starts everyone afresh.
 */
public final class Participants {
    public static final String COOKIE = "cheaplab_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final int MAX_SESSIONS = 100_000;
    private static final String ATTR = "cheaplab.participant";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    /** One session. {@code id} is public (run owner); the cookie's secret is not kept here. */
    public static final class Participant {
        final String id;
        final String csrf;
        volatile boolean instructor;
        /** When this session last made a request (epoch ms): a participant gone quiet has left (ParticipantReaper). */
        volatile long seen = System.currentTimeMillis();

        Participant(String id, String csrf, boolean instructor) {
            this.id = id;
            this.csrf = csrf;
            this.instructor = instructor;
        }

        public String id() {
            return id;
        }

        public String csrf() {
            return csrf;
        }

        public boolean instructor() {
            return instructor;
        }
    }

    /** The single-user lab's one user: owner of every run, allowed everything, no CSRF token needed. */
    static final Participant LOCAL = new Participant(RunRecord.LOCAL, "", true);

    private final boolean workshop;
    private volatile java.util.function.BiPredicate<String, String> shared = (participant, run) -> false;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Participant> bySecret = Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Participant> eldest) {
                    return size() > MAX_SESSIONS;
                }
            });

    private Participants(boolean workshop) {
        this.workshop = workshop;
    }

    /** The single-user lab: one local user, no sessions. */
    public static Participants singleUser() {
        return new Participants(false);
    }

    /** Workshop mode: a session per browser, ownership and CSRF enforced. */
    public static Participants workshop() {
        return new Participants(true);
    }

    public boolean workshopMode() {
        return workshop;
    }

    /** Attaches the participant to every request (creating the session) and refuses state changes without CSRF. */
    void register(Javalin app) {
        if (!workshop) return;
        app.before(ctx -> {
            Participant p = sessionOf(ctx);
            ctx.attribute(ATTR, p);
            if (!SAFE.contains(ctx.method().name()) && !p.csrf.equals(ctx.header(CSRF_HEADER))) {
                ApiError.send(ctx, 403, "csrf", CSRF_HEADER, "this request lacks the page's CSRF token (header "
                        + CSRF_HEADER + "); reload the page and try again");
                ctx.skipRemainingHandlers();
            }
        });
    }

    private Participant sessionOf(Context ctx) {
        String secret = ctx.cookie(COOKIE);
        Participant p = secret == null ? null : bySecret.get(secret);
        if (p != null) {
            p.seen = System.currentTimeMillis();
            return p;
        }
        secret = hex(16);
        p = new Participant(hex(8), hex(16), false);
        bySecret.put(secret, p);
        String cookie = COOKIE + "=" + secret + "; Path=/; HttpOnly; SameSite=Lax"
                + ("https".equals(ctx.scheme()) ? "; Secure" : "");
        ctx.res().addHeader("Set-Cookie", cookie);
        return p;
    }

    /** The participant of a WebSocket upgrade (its cookie), or null when it has no live session. */
    Participant ofUpgrade(HttpServletRequest req) {
        if (!workshop) return LOCAL;
        Cookie[] cookies = req.getCookies();
        if (cookies == null) return null;
        for (Cookie c : cookies) if (COOKIE.equals(c.getName())) return bySecret.get(c.getValue());
        return null;
    }

    /** When each live session's participant last made a request (epoch ms), by public id. */
    Map<String, Long> lastSeen() {
        Map<String, Long> out = new java.util.HashMap<>();
        synchronized (bySecret) {
            for (Participant p : bySecret.values()) out.merge(p.id, p.seen, Math::max);
        }
        return out;
    }

    /** The public ids of the sessions signed in as an instructor. */
    Set<String> instructors() {
        Set<String> out = new java.util.HashSet<>();
        synchronized (bySecret) {
            for (Participant p : bySecret.values()) if (p.instructor) out.add(p.id);
        }
        return out;
    }

    /** The participant asking (the local user in the single-user lab). */
    Participant current(Context ctx) {
        if (!workshop) return LOCAL;
        Participant p = ctx.attribute(ATTR);
        return p != null ? p : sessionOf(ctx);
    }

    /** The owner a run submitted by this request records. */
    String owner(Context ctx) {
        return current(ctx).id;
    }

    /**
     * Whether {@code p} may see {@code run} (its events, exports, page): its owner, an instructor, or a member of a
     * workshop whose instructor shared it with the class ({@link #sharing}).
     */
    boolean canSee(Participant p, RunRecord run) {
        return p != null && (canControl(p, run) || shared.test(p.id, run.id()));
    }

    /** Whether {@code p} may cancel {@code run}: its owner or an instructor (a shared run is only seen). */
    static boolean canControl(Participant p, RunRecord run) {
        return p != null && (p.instructor || p.id.equals(run.owner()));
    }

    /** Runs shared with a participant besides their own: (participant id, run id) → visible. */
    void sharing(java.util.function.BiPredicate<String, String> shared) {
        this.shared = shared;
    }

    /** Marks this request's session as an instructor's (after the token was checked). */
    void promote(Context ctx) {
        current(ctx).instructor = true;
    }

    /** The owner filter for listings: null (every run) for an instructor or the local user, else the participant. */
    String listingOwner(Context ctx) {
        Participant p = current(ctx);
        return p.instructor ? null : p.id;
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

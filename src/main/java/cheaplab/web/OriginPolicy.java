package cheaplab.web;

import cheaplab.core.Excerpt;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which origins may change state or open a run's stream. A page on another site can make the user's browser send
 * form posts and {@code text/plain} posts to this server without any CORS preflight, and open WebSockets to it;
 * this policy refuses them. Allowed:
 * <ul>
 *   <li>{@code Sec-Fetch-Site: same-origin} or {@code none} (the browser says the request comes from this origin or
 *       from the user typing a URL) — this wins over the Origin header, so a proxy rewriting {@code Host} is fine;</li>
 *   <li>else an {@code Origin} equal to the server's own origin (scheme, the {@code Host} header's host and port);</li>
 *   <li>an {@code Origin} on the allow-list ({@code --allowed-origins}, for deployments behind a proxy);</li>
 *   <li>no {@code Origin} and no {@code Sec-Fetch-Site} at all: not a browser's cross-site request (curl, scripts).</li>
 * </ul>
 * Everything else ({@code Origin: null} included) is refused: state-changing HTTP methods with 403 in the JSON error
 * shape before any handler runs, WebSocket upgrades with 403 before the upgrade. Reading methods are not checked
 * (the same-origin policy already keeps their answers from a foreign page).
 */
public final class OriginPolicy {
    static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "DELETE", "PATCH");

    private final Set<String> allowed;

    /**
     * @param allowedOrigins origins ({@code scheme://host[:port]}) allowed besides the server's own
     * @throws IllegalArgumentException an entry that is not such an origin
     */
    public OriginPolicy(List<String> allowedOrigins) {
        Set<String> s = new LinkedHashSet<>();
        for (String o : allowedOrigins) {
            if (o == null || o.isBlank()) continue;
            String n = normalise(o.trim());
            if (n == null) throw new IllegalArgumentException("'" + Excerpt.of(o) + "' is not an origin (scheme://host[:port])");
            s.add(n);
        }
        this.allowed = Set.copyOf(s);
    }

    /** Only the server's own origin. */
    public static OriginPolicy sameOriginOnly() {
        return new OriginPolicy(List.of());
    }

    /** The normalised allow-list. */
    public Set<String> allowedOrigins() {
        return allowed;
    }

    /** Checks state-changing requests ({@code before}) and every WebSocket upgrade ({@code wsBeforeUpgrade}). */
    void register(Javalin app) {
        app.before(ctx -> {
            if (!STATE_CHANGING.contains(ctx.method().name())) return;
            String why = refusal(ctx);
            if (why != null) throw new HttpRefusal(403, "cross_origin", why.startsWith("Sec-Fetch-Site") ? "Sec-Fetch-Site" : "Origin",
                    why + "; this server accepts " + ctx.method().name() + " only from its own pages");
        });
        app.wsBeforeUpgrade(ctx -> {
            String why = refusal(ctx);
            if (why == null) return;
            UpgradeRefusal.send(ctx, 403, "cross_origin", "Origin", why + "; this server streams runs only to its own pages");
        });
    }

    private String refusal(Context ctx) {
        return refusal(ctx.header("Origin"), ctx.header("Sec-Fetch-Site"), ctx.header("Host"), ctx.scheme());
    }

    /**
     * Why a request with these headers is refused, or null if it is allowed.
     *
     * @param scheme the request's scheme as this server saw it ({@code http} unless TLS ends here)
     */
    String refusal(String origin, String secFetchSite, String host, String scheme) {
        String normalised = origin == null ? null : normalise(origin.trim());
        if (normalised != null && allowed.contains(normalised)) return null;
        if (secFetchSite != null) {
            String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
            if (site.equals("same-origin") || site.equals("none")) return null;
            return "Sec-Fetch-Site: " + Excerpt.of(secFetchSite) + " (from Origin " + Excerpt.of(origin) + ")";
        }
        if (origin == null) return null;
        if (normalised == null) return "Origin " + Excerpt.of(origin) + " is not this server's origin";
        String own = host == null ? null : normalise(scheme + "://" + host.trim());
        if (normalised.equals(own)) return null;
        return "Origin " + Excerpt.of(origin) + " is not this server's origin" + (own == null ? "" : " (" + own + ")");
    }

    /** {@code scheme://host:port}, lower case, with the default port written out; null when {@code s} is not an origin. */
    static String normalise(String s) {
        try {
            URI u = new URI(s);
            String scheme = u.getScheme();
            String host = u.getHost();
            if (scheme == null || host == null || u.getRawUserInfo() != null || u.getRawQuery() != null || u.getRawFragment() != null)
                return null;
            String path = u.getRawPath();
            if (path != null && !path.isEmpty() && !path.equals("/")) return null;
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = u.getPort();
            if (port < 0) port = switch (scheme) {
                case "http", "ws" -> 80;
                case "https", "wss" -> 443;
                default -> -1;
            };
            if (port < 0) return null;
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}

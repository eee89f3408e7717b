package cheaplab.web;

import cheaplab.core.Excerpt;
import io.javalin.Javalin;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which {@code Host} names a server bound to the loopback interface answers: loopback names only
 * ({@code localhost}, {@code *.localhost}, {@code 127.x.y.z}, {@code [::1]}) and the hosts of the
 * {@code --allowed-origins}. It closes DNS rebinding: a foreign site whose name is re-pointed at 127.0.0.1 is
 * same-origin with itself, so {@link OriginPolicy} lets its page through, but its requests carry the foreign name
 * in {@code Host}. Every request is checked (reads too: the page could read run data), and every WebSocket upgrade.
 * A server bound to another address (a hosted deployment, behind a proxy that sets {@code Host}) is not checked.
 */
public final class HostPolicy {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final boolean loopbackOnly;
    private final Set<String> extraHosts;

    private HostPolicy(boolean loopbackOnly, Set<String> extraHosts) {
        this.loopbackOnly = loopbackOnly;
        this.extraHosts = Set.copyOf(extraHosts);
    }

    /** No check (tests, and servers bound to a non-loopback address). */
    public static HostPolicy any() {
        return new HostPolicy(false, Set.of());
    }

    /** The policy for a server bound to {@code bindHost} with these allowed origins ({@code scheme://host[:port]}). */
    public static HostPolicy forBind(String bindHost, Set<String> allowedOrigins) {
        Set<String> hosts = new HashSet<>();
        for (String o : allowedOrigins) {
            String h = hostName(o.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", ""));
            if (h != null) hosts.add(h);
        }
        return new HostPolicy(loopback(bindHost.trim().toLowerCase(Locale.ROOT)), hosts);
    }

    /** Why a request with this {@code Host} header is refused, or null if it is answered. */
    String refusal(String hostHeader) {
        if (!loopbackOnly || hostHeader == null) return null; // HTTP/1.0 without Host is no browser's request
        String name = hostName(hostHeader.trim());
        if (name != null && (loopback(name) || extraHosts.contains(name))) return null;
        return "Host " + Excerpt.of(hostHeader) + " is not a name of this loopback-only server (a foreign name "
                + "pointing at 127.0.0.1 is refused); open the lab at http://localhost or http://127.0.0.1, or start it "
                + "with --host and --allowed-origins";
    }

    void register(Javalin app) {
        if (!loopbackOnly) return;
        app.before(ctx -> {
            String why = refusal(ctx.header("Host"));
            if (why != null) throw new HttpRefusal(403, "host_not_allowed", "Host", why);
        });
        app.wsBeforeUpgrade(ctx -> {
            String why = refusal(ctx.header("Host"));
            if (why != null) UpgradeRefusal.send(ctx, 403, "host_not_allowed", "Host", why);
        });
    }

    /** The host name of {@code host[:port]} or {@code [v6]:port}, lower case; null if malformed. */
    static String hostName(String hostPort) {
        String h = hostPort.toLowerCase(Locale.ROOT);
        int slash = h.indexOf('/');
        if (slash >= 0) h = h.substring(0, slash);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        if (colon >= 0) h = h.substring(0, colon);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1); // the fully qualified form, localhost.
        return h.isEmpty() ? null : h;
    }

    static boolean loopback(String name) {
        return name.equals("localhost") || name.endsWith(".localhost") || IPV4_LOOPBACK.matcher(name).matches()
                || name.equals("[::1]") || name.equals("::1") || name.equals("0:0:0:0:0:0:0:1");
    }
}

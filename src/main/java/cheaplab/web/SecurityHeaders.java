package cheaplab.web;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Headers every response carries — pages, API answers, htmx fragments, exports, errors, static files, refused
 * WebSocket upgrades: no MIME sniffing, no referrer, no framing (both the old header and the CSP's
 * {@code frame-ancestors}), the strict Content-Security-Policy of the pages, and {@code Cache-Control: no-store} on
 * everything but the static files (runs change under a page; the static handler sets its own caching).
 */
final class SecurityHeaders {
    /** Everything from this origin, nothing inline: scripts are ES modules and WebJars, styles app.css and KaTeX. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /** The same policy for a page this origin's own pages may frame (a run's small multiple, PageRoutes). */
    static final String CSP_FRAMEABLE = CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'");

    private SecurityHeaders() {}

    /** Lets this origin's pages (only) frame the page being answered. */
    static void frameableBySelf(HttpServletResponse res) {
        res.setHeader("X-Frame-Options", "SAMEORIGIN");
        res.setHeader("Content-Security-Policy", CSP_FRAMEABLE);
    }

    static void apply(HttpServletResponse res, String path) {
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("Referrer-Policy", "no-referrer");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Content-Security-Policy", CSP);
        if (!staticFile(path)) res.setHeader("Cache-Control", "no-store");
    }

    /** The static handler's paths (the classpath folder {@code static/} is served at the root, WebJars under /webjars). */
    static boolean staticFile(String path) {
        return path != null && (path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/")
                || path.equals("/favicon.svg"));
    }
}

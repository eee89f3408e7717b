package cheaplab.web;

import cheaplab.core.Excerpt;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * The answers no route gives: {@link HttpRefusal}s from the request checks, Javalin's own 404 / 405 / 4xx (which
 * otherwise answer text/plain echoing the path), and the 500 of a bug (logged; the client learns only that). A
 * wrong method on a known path is 405 with {@code Allow}, not 404.
 */
final class HttpErrors {
    private static final Logger log = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {}

    static void register(Javalin app, RunViews views) {
        app.exception(HttpRefusal.class, (e, ctx) -> {
            e.headers.forEach(ctx::header);
            ErrorResponse.send(ctx, views, e.status, e.code, e.field, e.getMessage());
        });
        app.exception(HttpResponseException.class, (e, ctx) -> javalin(ctx, views, e));
        app.exception(Exception.class, (e, ctx) -> {
            if (e instanceof HttpResponseException h) {
                javalin(ctx, views, h);
                return;
            }
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            ErrorResponse.send(ctx, null, 500, "internal", null, "internal error (" + e.getClass().getSimpleName() + "); see the server log");
        });
    }

    private static void javalin(Context ctx, RunViews views, HttpResponseException e) {
        String method = ctx.method().name();
        if (e instanceof MethodNotAllowedResponse) {
            String allow = allow(e.getDetails());
            ctx.header("Allow", allow);
            ErrorResponse.send(ctx, views, 405, "method_not_allowed", null, method + " is not allowed here; allowed: " + allow);
        } else if (e instanceof NotFoundResponse) {
            ErrorResponse.send(ctx, views, 404, "not_found", null, "nothing answers " + method + " " + Excerpt.of(ctx.path()));
        } else {
            int status = e.getStatus();
            ErrorResponse.send(ctx, views, status, "http_" + status, null, Excerpt.of(String.valueOf(e.getMessage()), 200));
        }
    }

    /** Javalin lists the path's methods as the one value of its details map ("GET, POST"); HEAD goes with GET. */
    private static String allow(Map<String, String> details) {
        String methods = details.values().stream().findFirst().orElse("");
        if (methods.contains("GET") && !methods.contains("HEAD")) methods = methods + ", HEAD";
        return methods;
    }
}

package cheaplab.web;

import io.javalin.http.Context;

/**
 * One refusal, in the form the request asked for: the API's JSON error shape ({@link ApiError}) for {@code /api/…}
 * and {@code /ws/…}, an HTML fragment for htmx, a small escaped HTML page for a browser on a page path.
 */
final class ErrorResponse {
    private ErrorResponse() {}

    static void send(Context ctx, RunViews views, int status, String code, String field, String message) {
        if (views != null && "true".equalsIgnoreCase(ctx.header("HX-Request"))) ctx.status(status).html(views.error(status, message));
        else if (api(ctx.path())) ApiError.send(ctx, status, code, field, message);
        else ctx.status(status).html(page(status, message));
    }

    static boolean api(String path) {
        return path != null && (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/ws/"));
    }

    static String page(int status, String message) {
        return "<!doctype html><meta charset=\"utf-8\"><title>" + status + "</title><p>" + Html.escape(message) + "</p>";
    }
}

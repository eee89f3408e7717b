package cheaplab.web;

import io.javalin.http.Context;

/**
 * One refusal, in the form the request asked for: the API's JSON error shape ({@link ApiError}) for {@code /api/…}
 * and {@code /ws/…} and for a request that sends or accepts JSON, an HTML fragment for htmx, a small escaped HTML
 * page for a browser on a page path.
 */
final class ErrorResponse {
    private ErrorResponse() {}

    static void send(Context ctx, RunViews views, int status, String code, String field, String message) {
        if (views != null && "true".equalsIgnoreCase(ctx.header("HX-Request"))) ctx.status(status).html(views.error(status, message));
        else if (api(ctx.path()) || wantsJson(ctx)) ApiError.send(ctx, status, code, field, message);
        else ctx.status(status).html(page(status, message));
    }

    static boolean api(String path) {
        return path != null && (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/ws/"));
    }

    /** A script on a page path that sends or asks for JSON (workshop.js's posts) gets the API's JSON error shape. */
    static boolean wantsJson(Context ctx) {
        String accept = ctx.header("Accept");
        MediaType type = MediaType.of(ctx.header(MediaType.HEADER));
        return accept != null && accept.contains("application/json") || type != null && type.is(MediaType.JSON);
    }

    static String page(int status, String message) {
        return "<!doctype html><meta charset=\"utf-8\"><title>" + status + "</title><p>" + Html.escape(message) + "</p>";
    }
}

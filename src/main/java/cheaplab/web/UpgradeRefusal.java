package cheaplab.web;

import io.javalin.http.Context;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Refuses a WebSocket upgrade before it happens: a plain HTTP answer with the security headers and the API's JSON
 * error body (the client's handshake fails with that status).
 */
final class UpgradeRefusal {
    private UpgradeRefusal() {}

    static void send(Context ctx, int status, String code, String field, String message) throws IOException {
        ctx.skipRemainingHandlers();
        SecurityHeaders.apply(ctx.res(), ctx.path());
        ctx.res().setStatus(status);
        ctx.res().setContentType("application/json");
        byte[] body = cheaplab.core.Json.write(ApiError.body(code, field, message)).getBytes(StandardCharsets.UTF_8);
        ctx.res().setContentLength(body.length);
        ctx.res().getOutputStream().write(body);
        ctx.res().flushBuffer();
    }
}

package cheaplab.web;

import cheaplab.core.Excerpt;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;

/**
 * Which {@code Content-Type}s a request may carry. Any request: one that parses and names a charset this JVM has
 * (else 400/415 naming the header, instead of an exception deep in a parser). A state-changing request with a body:
 * {@code application/json} or a form ({@code application/x-www-form-urlencoded}, {@code multipart/form-data}) — not
 * {@code text/plain}, the one type a foreign page can post without a CORS preflight besides the forms, which
 * {@link OriginPolicy} checks.
 */
final class ContentTypePolicy {
    private ContentTypePolicy() {}

    static void check(Context ctx) {
        MediaType type = MediaType.of(ctx.header(MediaType.HEADER));
        if (type != null) type.charset(StandardCharsets.UTF_8);
        if (!OriginPolicy.STATE_CHANGING.contains(ctx.method().name()) || !hasBody(ctx)) return;
        if (type != null && (type.is(MediaType.JSON) || type.is(MediaType.FORM) || type.is(MediaType.MULTIPART))) return;
        throw new HttpRefusal(415, "unsupported_media_type", MediaType.HEADER, MediaType.HEADER + ": a " + ctx.method().name()
                + " body must be " + MediaType.JSON + ", " + MediaType.FORM + " or " + MediaType.MULTIPART + ", was "
                + (type == null ? "none" : "'" + Excerpt.of(type.type()) + "'"));
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }
}

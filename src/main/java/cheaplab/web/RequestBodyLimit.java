package cheaplab.web;

import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The largest request body the server reads, whatever the transfer encoding. A declared {@code Content-Length} over
 * the limit is refused before anything is read ({@link #checkDeclared}, a {@code before} handler on every path);
 * a chunked (or under-declared) body is counted while it is read ({@link #read}) and refused as soon as it passes
 * the limit, so at most limit + one buffer is ever held. Both answer 413 in the JSON error shape and close the
 * connection, so the rest of an oversized body is not read either.
 */
final class RequestBodyLimit {
    private static final int BUFFER = 8192;

    private final long maxBytes;

    RequestBodyLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Refuses a request whose declared length is over the limit (any method, any path). */
    void checkDeclared(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) throw tooLarge("declares " + declared + " bytes, over");
    }

    /** The whole body, counted as it is read; over the limit is a 413, a body that cannot be read a 400. */
    byte[] read(Context ctx) {
        checkDeclared(ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[BUFFER];
        long total = 0;
        try {
            InputStream in = ctx.req().getInputStream();
            for (int n; (n = in.read(buf)) >= 0; ) {
                total += n;
                if (total > maxBytes) throw tooLarge("is over");
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new HttpRefusal(400, "unreadable_body", null, "the request body could not be read ("
                    + e.getClass().getSimpleName() + ")", Map.of("Connection", "close"));
        }
        return out.toByteArray();
    }

    private HttpRefusal tooLarge(String what) {
        return new HttpRefusal(413, "body_too_large", null,
                "the request body " + what + " the limit of " + maxBytes + " bytes", Map.of("Connection", "close"));
    }
}

package cheaplab.web;

import cheaplab.core.Excerpt;
import cheaplab.core.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The errors Jetty answers itself, before Javalin sees the request (a malformed request line or header, headers too
 * large, a bad URI, an upgrade to a WebSocket path that does not exist): the same JSON error shape (or escaped HTML
 * page) and security headers as every other answer, instead of Jetty's HTML page.
 */
final class JettyErrorHandler extends ErrorHandler {
    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response,
                                              int code, String message) throws IOException {
        String path = request.getRequestURI();
        String reason = reason(code, message);
        SecurityHeaders.apply(response, path);
        byte[] body;
        if (ErrorResponse.api(path)) {
            response.setContentType("application/json");
            body = Json.write(ApiError.body("http_" + code, null, reason)).getBytes(StandardCharsets.UTF_8);
        } else {
            response.setContentType("text/html; charset=utf-8");
            body = ErrorResponse.page(code, reason).getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        baseRequest.setHandled(true);
    }

    /** A request Jetty could not parse: no path is known, so JSON. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put(new HttpField("X-Content-Type-Options", "nosniff"));
        fields.put(new HttpField("Referrer-Policy", "no-referrer"));
        fields.put(new HttpField("X-Frame-Options", "DENY"));
        fields.put(new HttpField("Content-Security-Policy", SecurityHeaders.CSP));
        fields.put(HttpHeader.CACHE_CONTROL, "no-store");
        return ByteBuffer.wrap(Json.write(ApiError.body("http_" + status, null, reason(status, reason))).getBytes(StandardCharsets.UTF_8));
    }

    private static String reason(int code, String message) {
        String m = message == null || message.isBlank() ? org.eclipse.jetty.http.HttpStatus.getMessage(code) : message;
        return Excerpt.of(m, 200);
    }
}

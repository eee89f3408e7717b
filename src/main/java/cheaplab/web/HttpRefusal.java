package cheaplab.web;

import java.util.Map;

/**
 * A request refused with a 4xx before (or instead of) its handler: the status, the error code, the field or header
 * to blame (null when none) and a sentence. {@link ErrorResponse} answers it in the API's JSON shape, as an htmx
 * fragment or as an escaped HTML page, whichever the request asked for.
 */
final class HttpRefusal extends RuntimeException {
    final int status;
    final String code;
    final String field;
    final Map<String, String> headers;

    HttpRefusal(int status, String code, String field, String message) {
        this(status, code, field, message, Map.of());
    }

    /** @param headers response headers the refusal needs ({@code Allow} for a 405, {@code Connection: close} for a 413) */
    HttpRefusal(int status, String code, String field, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
        this.headers = Map.copyOf(headers);
    }
}

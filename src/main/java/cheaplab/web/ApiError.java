package cheaplab.web;

import cheaplab.core.Json;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** The one error body of the API: {@code {"error": code, "field": field-or-null, "message": sentence}}. */
final class ApiError {
    private ApiError() {}

    static ObjectNode body(String code, String field, String message) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("error", code);
        o.put("field", field);
        o.put("message", message);
        return o;
    }

    static void send(Context ctx, int status, String code, String field, String message) {
        ctx.status(status).contentType("application/json").result(Json.write(body(code, field, message)));
    }
}

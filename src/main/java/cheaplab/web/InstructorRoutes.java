package cheaplab.web;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Instructor sign-in of a workshop deployment: {@code GET /instructor} (a form, or who is signed in) and
 * {@code POST /instructor/login} with the token in the form body (never the query string: a token in a URL ends
 * up in logs and browser history, so a query that names it is refused even when it is right). A signed-in session
 * sees and may cancel every run.
 */
final class InstructorRoutes {
    private InstructorRoutes() {}

    static void register(Javalin app, Participants participants, InstructorToken token, RequestBodyLimit bodyLimit,
                         ThymeleafRenderer renderer) {
        app.get("/instructor", ctx -> page(ctx, participants, renderer, null));
        app.post("/instructor/login", ctx -> {
            if (ctx.queryParamMap().containsKey("token")) {
                ApiError.send(ctx, 400, "token_in_url", "token",
                        "the instructor token is never accepted in a URL; send it in the form body");
                return;
            }
            byte[] body = bodyLimit.read(ctx);
            MediaType type = MediaType.of(ctx.header(MediaType.HEADER));
            List<String> given = type != null && type.is(MediaType.FORM)
                    ? FormBody.parse(type, body).getOrDefault("token", List.of()) : List.of();
            if (given.size() != 1 || !token.matches(given.get(0))) {
                // htmx swaps only 2xx answers: it gets the form again with the reason; other clients get 403.
                ctx.status("true".equals(ctx.header("HX-Request")) ? 200 : 403);
                page(ctx, participants, renderer, "That is not this deployment's instructor token.");
                return;
            }
            participants.promote(ctx);
            ctx.status(303).header("Location", "/instructor").header("HX-Redirect", "/instructor");
        });
    }

    private static void page(Context ctx, Participants participants, ThymeleafRenderer renderer, String error) {
        Map<String, Object> model = new HashMap<>();
        Participants.Participant me = participants.current(ctx);
        model.put("pageTitle", "Instructor · Cheap Learning Lab");
        model.put("nav", List.of());
        model.put("csrf", me.csrf());
        model.put("workshopMode", true);
        model.put("instructor", me.instructor());
        model.put("error", error);
        model.put("participant", me.id());
        ctx.contentType("text/html; charset=utf-8").result(renderer.render("instructor", model));
    }
}

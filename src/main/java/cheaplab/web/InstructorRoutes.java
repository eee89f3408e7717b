package cheaplab.web;

import io.javalin.Javalin;
import io.javalin.http.Context;

import cheaplab.core.Json;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.workshop.Workshop;
import cheaplab.workshop.WorkshopPlan;
import cheaplab.workshop.Workshops;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
                         ThymeleafRenderer renderer, Workshops workshops, LabCatalog labs) {
        String example = examplePlan(labs);
        app.get("/instructor", ctx -> page(ctx, participants, renderer, null, workshops, labs, example));
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
                page(ctx, participants, renderer, "That is not this deployment's instructor token.", workshops, labs, example);
                return;
            }
            participants.promote(ctx);
            ctx.status(303).header("Location", "/instructor").header("HX-Redirect", "/instructor");
        });
    }

    private static void page(Context ctx, Participants participants, ThymeleafRenderer renderer, String error,
                             Workshops workshops, LabCatalog labs, String example) {
        Map<String, Object> model = new HashMap<>();
        Participants.Participant me = participants.current(ctx);
        model.put("pageTitle", "Instructor · Cheap Learning Lab");
        model.put("nav", List.of());
        model.put("csrf", me.csrf());
        model.put("workshopMode", true);
        model.put("instructor", me.instructor());
        model.put("error", error);
        model.put("participant", me.id());
        if (me.instructor()) {
            List<Map<String, Object>> list = new java.util.ArrayList<>();
            for (Workshop w : workshops.all())
                list.add(Map.of("code", w.code(), "title", w.title(), "step", w.current() + 1, "stepCount", w.steps().size(),
                        "participants", w.members().size(), "href", "/w/" + w.code() + "/instructor"));
            model.put("workshops", list);
            model.put("examplePlan", example);
            model.put("outcomes", WorkshopRoutes.outcomes(labs));
        }
        ctx.contentType("text/html; charset=utf-8").result(renderer.render("instructor", model));
    }

    /**
     * The plan the "New workshop" form starts from: two steps of the Regularization lab when the server has it
     * (predict where the ridgeless test error peaks; then whether λ removes the peak), else one step of the first
     * lab. Checked against the labs here, so the form never offers a plan the server would refuse.
     */
    static String examplePlan(LabCatalog labs) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode plan = f.objectNode();
        if (labs.find("ridge").isPresent()) {
            plan.put("title", "Double descent and what λ does to it");
            ObjectNode s1 = plan.putArray("steps").addObject();
            s1.put("title", "Where does the error peak?");
            s1.put("lab", "ridge");
            s1.putObject("config").putArray("lambdas").add(1e-6);
            s1.putArray("locked").add("dataset").add("lambdas");
            s1.putArray("hidden").add("seed");
            s1.put("prompt", "With almost no regularisation (λ = 10⁻⁶) the test error of least squares is measured as the "
                    + "ratio of features to instances N_f/N_i varies. Predict the ratio where it is worst, record it, then run.");
            s1.putObject("prediction").put("kind", "number").put("label", "N_f/N_i where the test error peaks");
            s1.put("outcome", "peakRatio");
            ObjectNode s2 = ((com.fasterxml.jackson.databind.node.ArrayNode) plan.get("steps")).addObject();
            s2.put("title", "Does λ remove the peak?");
            s2.put("lab", "ridge");
            s2.putObject("config").putArray("lambdas").add(1e-6).add(0.1).add(1.0);
            s2.putArray("locked").add("dataset").add("lambdas");
            s2.put("prompt", "Now three λ are swept together. Before running, say what λ = 1 does to the peak.");
            s2.putObject("prediction").put("kind", "choice").put("label", "With λ = 1 the peak…")
                    .putArray("choices").add("stays as high").add("is lower").add("is gone");
            s2.put("outcome", "peakRisk");
        } else {
            Lab<?, ?> lab = labs.all().iterator().next();
            plan.put("title", lab.title() + " workshop");
            ObjectNode s1 = plan.putArray("steps").addObject();
            s1.put("lab", lab.id());
            s1.put("prompt", "Run the lab's defaults and look at what streams in.");
            if (!lab.outcomes().isEmpty()) {
                s1.putObject("prediction").put("kind", "number").put("label", lab.outcomes().get(0).label());
                s1.put("outcome", lab.outcomes().get(0).name());
            }
        }
        WorkshopPlan.parse(plan, labs); // fails the server's start, not an instructor, if the example ever goes wrong
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(plan);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

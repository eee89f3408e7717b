package cheaplab.web;

import cheaplab.core.InProcessJobQueue;
import cheaplab.core.Json;
import cheaplab.testlabs.Await;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workshops over HTTP (web/WorkshopRoutes.java): only the instructor creates, pushes, shares and exports; a plan
 * the labs would refuse is refused naming its field; participants join with the code, must predict before they
 * run, cannot change a locked knob, see the class's predictions and outcomes but not others' runs until one is
 * shared (and then only look at it); the run's outcome is the lab's own measure of the result.
 */
class WorkshopRoutesTest {
    private static final String TOKEN = "instructor-secret-workshop-0123";
    /** Ridge, tiny: the ratio N_f/N_i of the peak is one of 60/20, 60/40, 60/60, 60/90, 60/150. */
    private static final String PLAN = """
            {"title": "Double descent",
             "steps": [
               {"title": "Where is the peak?", "lab": "ridge",
                "config": {"features": 60, "instances": [20, 40, 60, 90, 150], "lambdas": [1e-6], "repeats": 2},
                "locked": ["lambdas", "features"], "hidden": ["seed"],
                "prompt": "Predict N_f/N_i at the peak.",
                "prediction": {"kind": "number", "label": "N_f/N_i at the peak"}, "outcome": "peakRatio"},
               {"lab": "count", "prompt": "Second step.",
                "prediction": {"kind": "choice", "label": "Which?", "choices": ["a", "b"]}}
             ]}""";
    static WebHarness web;

    @BeforeAll
    static void start() {
        web = new WebHarness(WebHarness.ridgeAndTestLabs(), 2, 16, InstructorToken.of(TOKEN), new InProcessJobQueue.OwnerLimits(1, 2));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    private static SessionClient instructor() throws Exception {
        SessionClient t = new SessionClient(web);
        assertEquals(303, t.login(TOKEN).statusCode());
        return t;
    }

    private static String create(SessionClient teacher, String plan) throws Exception {
        HttpResponse<String> r = teacher.post("/api/workshops", plan);
        assertEquals(201, r.statusCode(), r.body());
        JsonNode o = Json.MAPPER.readTree(r.body());
        assertEquals("/w/" + o.get("code").asText() + "/instructor", r.headers().firstValue("Location").orElseThrow());
        return o.get("code").asText();
    }

    private static SessionClient joined(String code, String name) throws Exception {
        SessionClient p = new SessionClient(web);
        assertTrue(p.get("/w/" + code).body().contains("Display name"), "a visitor who has not joined gets the join form");
        assertEquals(303, p.post("/w/" + code + "/join", Json.write(java.util.Map.of("name", name))).statusCode());
        return p;
    }

    private static JsonNode state(SessionClient c, String code) throws Exception {
        HttpResponse<String> r = c.get("/api/workshops/" + code);
        assertEquals(200, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    private static JsonNode error(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void onlyTheInstructorCreatesAndAPlanTheLabsWouldRefuseNamesItsField() throws Exception {
        SessionClient participant = new SessionClient(web);
        assertEquals("instructor_only", error(participant.post("/api/workshops", PLAN), 403).get("error").asText());
        SessionClient teacher = instructor();
        String code = create(teacher, PLAN);
        assertTrue(code.matches("[A-HJ-KMNP-Z2-9]{6}"), code);
        record Bad(String plan, String field) {}
        for (Bad b : List.of(
                new Bad("{\"title\": \"x\", \"steps\": [{\"lab\": \"nope\", \"prompt\": \"p\"}]}", "steps[0].lab"),
                new Bad("{\"title\": \"x\", \"steps\": [{\"lab\": \"ridge\", \"prompt\": \"p\", \"config\": {\"features\": 0}}]}", "steps[0].config.features"),
                new Bad("{\"title\": \"x\", \"steps\": [{\"lab\": \"ridge\", \"prompt\": \"p\"}, {\"lab\": \"ridge\", \"prompt\": \"p\", \"locked\": [\"lamda\"]}]}", "steps[1].locked"),
                new Bad("{\"title\": \"x\", \"steps\": [{\"lab\": \"ridge\", \"prompt\": \"p\", \"outcome\": \"accuracy\"}]}", "steps[0].outcome"),
                new Bad("{\"title\": \"x\", \"steps\": [{\"lab\": \"ridge\", \"prompt\": \"p\", \"prediction\": {\"kind\": \"choice\", \"label\": \"q\", \"choices\": [\"only\"]}}]}", "steps[0].prediction.choices"),
                new Bad("{\"title\": \"x\", \"steps\": [{\"lab\": \"ridge\", \"prompt\": \"p\", \"preset\": \"none\"}]}", "steps[0].preset"),
                new Bad("{\"title\": \"x\", \"steps\": []}", "steps"),
                new Bad("{\"steps\": [{\"lab\": \"ridge\", \"prompt\": \"p\"}]}", "title"),
                new Bad("{\"title\": \"x\", \"stepz\": []}", "stepz")))
            assertEquals(b.field(), error(teacher.post("/api/workshops", b.plan()), 400).get("field").asText(), b.plan());
        assertEquals("malformed_json", error(teacher.post("/api/workshops", "{\"title\": "), 400).get("error").asText());
        // The instructor lists workshops; a participant may not.
        assertTrue(teacher.get("/api/workshops").body().contains(code));
        assertEquals(403, participant.get("/api/workshops").statusCode());
        // A code that does not exist, in any route.
        assertEquals(404, participant.get("/w/ZZZZZZ").statusCode());
        assertEquals(404, participant.get("/api/workshops/ZZZZZZ").statusCode());
        assertEquals("unknown_workshop", error(participant.post("/api/workshops/ZZZZZZ/predictions", "{}"), 404).get("error").asText());
        // Codes are typed in any case, with spaces or dashes.
        assertEquals(303, participant.get("/w?code=" + code.substring(0, 3).toLowerCase() + "-" + code.substring(3)).statusCode());
    }

    @Test
    void participantsPredictThenRunTheStepWithItsLockedKnobsAndSeeTheClass() throws Exception {
        SessionClient teacher = instructor();
        String code = create(teacher, PLAN);
        SessionClient ada = joined(code, "Ada");
        SessionClient bo = joined(code, "  ");
        SessionClient outsider = new SessionClient(web);
        assertEquals("not_joined", error(outsider.get("/api/workshops/" + code), 403).get("error").asText());
        assertEquals(403, outsider.post("/api/workshops/" + code + "/runs", "{}").statusCode());
        // The step page is the ridge lab with the step's config, the banner and the locked knobs read-only.
        String page = ada.get("/w/" + code).body();
        assertTrue(page.contains("Step 1 of 2: Where is the peak?") && page.contains("data-workshop"), "banner");
        assertTrue(page.contains("hx-post=\"/api/workshops/" + code + "/runs\""), "the form posts to the workshop");
        java.util.regex.Matcher input = java.util.regex.Pattern.compile("<input[^>]*id=\"f-features\"[^>]*>").matcher(page);
        assertTrue(input.find(), "features field");
        assertTrue(input.group().contains("readonly") && input.group().contains("data-locked"), "a locked number field is read-only: " + input.group());
        // Run before predicting: refused, naming the prediction.
        assertEquals("prediction", error(ada.post("/api/workshops/" + code + "/runs", "{}"), 400).get("field").asText());
        assertEquals("value", error(ada.post("/api/workshops/" + code + "/predictions", "{\"value\": \"soon\"}"), 400).get("field").asText());
        assertEquals("1.5", Json.MAPPER.readTree(ada.post("/api/workshops/" + code + "/predictions", "{\"value\": \"1.50\"}").body()).get("value").asText());
        // A locked knob sent anyway is the step's; an open one is the participant's.
        HttpResponse<String> sub = ada.post("/api/workshops/" + code + "/runs", "{\"features\": 10, \"lambdas\": [5], \"repeats\": 1}");
        assertEquals(202, sub.statusCode(), sub.body());
        String run = Json.MAPPER.readTree(sub.body()).get("id").asText();
        JsonNode config = web.runs.find(run).orElseThrow().config();
        assertEquals(60, config.get("features").asInt());
        assertEquals(1e-6, config.get("lambdas").get(0).asDouble());
        assertEquals(1, config.get("repeats").asInt());
        Await.terminal(web.runs, run);
        // The class: names, predictions, statuses and outcomes for all; run ids only for one's own.
        JsonNode seenByBo = state(bo, code);
        assertEquals(1, seenByBo.get("step").asInt());
        JsonNode adaRow = seenByBo.get("participants").get(0);
        assertEquals("Ada", adaRow.get("name").asText());
        assertEquals("Participant 2", seenByBo.get("participants").get(1).get("name").asText(), "a blank name is numbered");
        assertEquals("1.5", adaRow.get("prediction").asText());
        JsonNode adaRun = adaRow.get("runs").get(0);
        assertEquals("finished", adaRun.get("status").asText());
        assertFalse(adaRun.has("id"), "another's run id is not shown until shared");
        // The outcome is where the run's own test risk peaks: recomputed here from its points.
        JsonNode result = web.runs.find(run).orElseThrow().result();
        double best = -1, ratio = Double.NaN;
        for (JsonNode p : result.get("points"))
            if (p.get("testRisk").asDouble() > best) {
                best = p.get("testRisk").asDouble();
                ratio = p.get("ratio").asDouble();
            }
        assertEquals(ratio, adaRun.get("outcome").asDouble(), 0.0);
        assertTrue(List.of(3.0, 1.5, 1.0, 60.0 / 90, 0.4).stream().anyMatch(r -> Math.abs(r - adaRun.get("outcome").asDouble()) < 1e-12));
        assertEquals(run, state(ada, code).get("participants").get(0).get("runs").get(0).get("id").asText());
        // Not shared: Bo cannot open it. Shared: Bo can look at it, but not cancel it.
        assertEquals(404, bo.get("/api/runs/" + run).statusCode());
        assertEquals(403, bo.post("/api/workshops/" + code + "/share", "{\"run\": \"" + run + "\"}").statusCode());
        assertEquals(200, teacher.post("/api/workshops/" + code + "/share", "{\"run\": \"" + run + "\"}").statusCode());
        assertEquals(200, bo.get("/api/runs/" + run).statusCode());
        assertEquals(200, bo.get("/runs/" + run).statusCode());
        assertEquals("not_owner", error(bo.send("DELETE", "/api/runs/" + run, null, true), 403).get("error").asText());
        assertEquals(404, outsider.get("/api/runs/" + run).statusCode(), "shared with the class, not the world");
        assertEquals(run, state(bo, code).get("participants").get(0).get("runs").get(0).get("id").asText());
        assertEquals("run", error(teacher.post("/api/workshops/" + code + "/share", "{\"run\": \"elsewhere\"}"), 400).get("field").asText());
    }

    @Test
    void theInstructorPushesStepsAndExportsTheWorkshop() throws Exception {
        SessionClient teacher = instructor();
        String code = create(teacher, PLAN);
        SessionClient cy = joined(code, "Cy, \"the\" tester");
        assertEquals(403, cy.post("/api/workshops/" + code + "/step", "{\"step\": 2}").statusCode());
        assertEquals(200, cy.post("/api/workshops/" + code + "/predictions", "{\"value\": \"2\"}").statusCode());
        String run1 = Json.MAPPER.readTree(cy.post("/api/workshops/" + code + "/runs", "{}").body()).get("id").asText();
        Await.terminal(web.runs, run1);
        assertEquals("step", error(teacher.post("/api/workshops/" + code + "/step", "{\"step\": 3}"), 400).get("field").asText());
        JsonNode pushed = Json.MAPPER.readTree(teacher.post("/api/workshops/" + code + "/step", "{\"step\": 2}").body());
        assertEquals(2, pushed.get("step").asInt());
        assertEquals(2, state(cy, code).get("step").asInt());
        assertTrue(cy.get("/w/" + code).body().contains("Step 2 of 2"));
        assertEquals("value", error(cy.post("/api/workshops/" + code + "/predictions", "{\"value\": \"c\"}"), 400).get("field").asText());
        assertEquals(200, cy.post("/api/workshops/" + code + "/predictions", "{\"value\": \"b\"}").statusCode());
        String run2 = Json.MAPPER.readTree(cy.post("/api/workshops/" + code + "/runs", "{\"points\": 3}").body()).get("id").asText();
        Await.terminal(web.runs, run2);
        // Exports: the instructor's only.
        assertEquals(403, cy.get("/api/workshops/" + code + "/export.json").statusCode());
        JsonNode export = Json.MAPPER.readTree(teacher.get("/api/workshops/" + code + "/export.json").body());
        assertEquals("Double descent", export.get("title").asText());
        assertEquals(2, export.get("steps").size());
        assertEquals(2, export.get("predictions").size());
        assertEquals(2, export.get("runs").size());
        JsonNode r1 = export.get("runs").get(0);
        assertEquals(run1, r1.get("id").asText());
        assertEquals(1, r1.get("step").asInt());
        assertTrue(r1.get("outcome").isNumber());
        assertNotNull(r1.get("result"));
        assertEquals(3, export.get("runs").get(1).get("config").get("points").asInt());
        HttpResponse<String> csv = teacher.get("/api/workshops/" + code + "/export.csv");
        assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
        String[] lines = csv.body().split("\r\n");
        assertEquals(3, lines.length, csv.body());
        assertTrue(lines[0].startsWith("step,step_title,participant,name,prediction,run_id,status,outcome_name,outcome,config"));
        assertTrue(lines[1].startsWith("1,Where is the peak?,") && lines[1].contains(",\"Cy, \"\"the\"\" tester\",2," + run1 + ",finished,peakRatio,"), lines[1]);
        assertTrue(lines[2].startsWith("2,Counting,") && lines[2].contains(",b," + run2 + ",finished,,,"), lines[2]);
    }

    @Test
    void aRunPageFramesOnlyInItsEmbedLayoutAndOnlyForThisOrigin() throws Exception {
        SessionClient teacher = instructor();
        String run = teacher.submit("count", "{\"points\": 2}");
        HttpResponse<String> plain = teacher.get("/runs/" + run);
        assertEquals("DENY", plain.headers().firstValue("X-Frame-Options").orElseThrow());
        assertTrue(plain.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'none'"));
        HttpResponse<String> embed = teacher.get("/runs/" + run + "?embed=1");
        assertEquals("SAMEORIGIN", embed.headers().firstValue("X-Frame-Options").orElseThrow());
        assertTrue(embed.headers().firstValue("Content-Security-Policy").orElseThrow().contains("frame-ancestors 'self'"));
        assertTrue(embed.body().contains("class=\"embed\""), "the embed layout");
    }

    @Test
    void joiningWithoutTheCsrfTokenIsRefused() throws Exception {
        String code = create(instructor(), PLAN);
        SessionClient p = new SessionClient(web);
        assertEquals("csrf", error(p.send("POST", "/w/" + code + "/join", "{\"name\": \"x\"}", false), 403).get("error").asText());
        assertEquals("name", error(p.post("/w/" + code + "/join", "{\"name\": \"" + "x".repeat(41) + "\"}"), 400).get("field").asText());
    }
}

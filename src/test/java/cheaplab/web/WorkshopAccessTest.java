package cheaplab.web;

import cheaplab.core.InProcessJobQueue;
import cheaplab.core.Json;
import cheaplab.testlabs.Await;
import cheaplab.testlabs.Gates;
import cheaplab.testlabs.TestLabs;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Workshop mode over HTTP and the run socket: each browser a participant session, nobody touching another's runs,
 * CSRF on every state change, the instructor token only from a form body, and the per-participant limits.
 */
class WorkshopAccessTest {
    private static final String TOKEN = "instructor-secret-0123456789";
    static WebHarness web;

    @BeforeAll
    static void start() {
        web = new WebHarness(TestLabs.catalog(), 1, 16, InstructorToken.of(TOKEN), new InProcessJobQueue.OwnerLimits(1, 2));
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    @Test
    void aParticipantNeitherSeesNorTouchesAnothersRuns() throws Exception {
        SessionClient alice = new SessionClient(web);
        SessionClient bob = new SessionClient(web);
        assertNotEquals(alice.cookie, bob.cookie);
        String run = alice.submit("count", "{\"points\": 3}");
        Await.terminal(web.runs, run);
        assertEquals(200, alice.get("/api/runs/" + run).statusCode());
        for (String path : List.of("/api/runs/" + run, "/api/runs/" + run + "/events", "/api/runs/" + run + "/export.json",
                "/api/runs/" + run + "/export.csv", "/runs/" + run, "/runs/" + run + "/panel"))
            assertEquals(404, bob.get(path).statusCode(), path);
        assertEquals(404, bob.send("DELETE", "/api/runs/" + run, null, true).statusCode());
        // Listings: each sees their own.
        assertTrue(alice.get("/api/runs").body().contains(run));
        assertFalse(bob.get("/api/runs").body().contains(run));
        assertFalse(bob.get("/labs/count/history").body().contains(run));
        // Runs record a public owner id, never the session secret.
        String owner = web.runs.find(run).orElseThrow().owner();
        assertFalse(alice.cookie.contains(owner));
        // The socket is as blind as the API.
        FrameClient theirs = FrameClient.connect(web.ws("/ws/runs/" + run), "Cookie: " + bob.cookie + "\r\n");
        Await.latch(theirs.closed, "close");
        assertEquals(RunSocket.UNKNOWN_RUN, theirs.closeCode);
        FrameClient mine = FrameClient.connect(web.ws("/ws/runs/" + run), "Cookie: " + alice.cookie + "\r\n");
        Await.latch(mine.closed, "close");
        assertEquals(1000, mine.closeCode, "the owner gets the replay and the normal end");
    }

    @Test
    void stateChangesWithoutTheCsrfTokenAreRefused() throws Exception {
        SessionClient carol = new SessionClient(web);
        HttpResponse<String> r = carol.send("POST", "/api/labs/count/runs", "{\"points\": 1}", false);
        assertEquals(403, r.statusCode(), r.body());
        JsonNode e = Json.MAPPER.readTree(r.body());
        assertEquals("csrf", e.get("error").asText());
        assertEquals(Participants.CSRF_HEADER, e.get("field").asText());
        // Another session's token does not do either.
        SessionClient dave = new SessionClient(web);
        HttpResponse<String> wrong = web.send(HttpRequest.newBuilder(web.uri("/api/labs/count/runs")).header("Cookie", carol.cookie)
                .header(Participants.CSRF_HEADER, dave.csrf).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(403, wrong.statusCode());
        // No cookie at all: a fresh session, whose token the request cannot know.
        assertEquals(403, web.postJson("/api/labs/count/runs", "{}").statusCode());
    }

    @Test
    void theInstructorSignsInWithTheTokenInTheBodyAndSeesAndCancelsEveryRun() throws Exception {
        SessionClient erin = new SessionClient(web);
        String g = "workshop-" + System.nanoTime();
        String running = erin.submit("slow", "{\"gate\": \"" + g + "\"}");
        try {
            Await.latch(Gates.arrived(g), "start");
            SessionClient teacher = new SessionClient(web);
            assertEquals(404, teacher.get("/api/runs/" + running).statusCode(), "not yet signed in");
            // Never from a URL, not even the right token.
            HttpResponse<String> inUrl = web.send(HttpRequest.newBuilder(web.uri("/instructor/login?token=" + TOKEN))
                    .header("Cookie", teacher.cookie).header(Participants.CSRF_HEADER, teacher.csrf)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(400, inUrl.statusCode());
            assertTrue(inUrl.body().contains("token_in_url"), inUrl.body());
            assertEquals(404, teacher.get("/api/runs/" + running).statusCode());
            assertEquals(403, teacher.login("not-the-token-0123456789").statusCode());
            HttpResponse<String> ok = teacher.login(TOKEN);
            assertEquals(303, ok.statusCode(), ok.body());
            assertTrue(teacher.get("/instructor").body().contains("Signed in as the instructor"));
            assertEquals(200, teacher.get("/api/runs/" + running).statusCode());
            assertTrue(teacher.get("/api/runs").body().contains(running));
            assertEquals(202, teacher.send("DELETE", "/api/runs/" + running, null, true).statusCode());
        } finally {
            Gates.open(g);
        }
        Await.terminal(web.runs, running);
        assertEquals("cancelled", web.runs.find(running).orElseThrow().status().wire());
    }

    @Test
    void theSingleUserLabSetsNoCookieAndNeedsNoToken() throws Exception {
        try (WebHarness local = new WebHarness(1, 2)) {
            HttpResponse<String> page = local.get("/labs/count");
            assertTrue(page.headers().firstValue("Set-Cookie").isEmpty());
            assertFalse(page.body().contains("csrf-token"));
            assertEquals(202, local.postJson("/api/labs/count/runs", "{\"points\": 1}").statusCode());
            assertEquals(404, local.get("/instructor").statusCode(), "no instructor sign-in without a token");
        }
    }

    @Test
    void aParticipantMayHaveOneRunningAndTwoWaiting() throws Exception {
        SessionClient frank = new SessionClient(web);
        SessionClient grace = new SessionClient(web);
        String g = "limits-" + System.nanoTime();
        List<String> ids = new ArrayList<>();
        ids.add(frank.submit("slow", "{\"gate\": \"" + g + "\"}"));
        try {
            Await.latch(Gates.arrived(g), "start");
            ids.add(frank.submit("count", "{\"points\": 1}"));
            ids.add(frank.submit("count", "{\"points\": 1}"));
            HttpResponse<String> third = frank.send("POST", "/api/labs/count/runs", "{\"points\": 1}", true);
            assertEquals(429, third.statusCode(), third.body());
            assertEquals("10", third.headers().firstValue("Retry-After").orElse(""));
            JsonNode e = Json.MAPPER.readTree(third.body());
            assertEquals("quota_exceeded", e.get("error").asText());
            assertTrue(e.get("message").asText().contains("at most 1 running and 2 waiting"), e.toString());
            // Someone else is not held back by frank's limit, and goes before frank's second waiting run.
            String hers = grace.submit("count", "{\"points\": 1}");
            ids.add(hers);
            assertEquals(1, web.runs.queuePosition(hers), "grace's first run goes right after frank's first waiting one");
        } finally {
            Gates.open(g);
        }
        for (String id : ids) Await.terminal(web.runs, id);
    }
}

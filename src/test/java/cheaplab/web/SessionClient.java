package cheaplab.web;

import cheaplab.core.Json;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One browser of a workshop deployment over plain HTTP: its session cookie and the CSRF token of its pages. */
final class SessionClient {
    final WebHarness web;
    final String cookie;
    final String csrf;

    /** Opens the home page, which creates the session (checked: HttpOnly, SameSite=Lax, whole site). */
    SessionClient(WebHarness web) throws Exception {
        this.web = web;
        HttpResponse<String> page = web.get("/");
        assertEquals(200, page.statusCode());
        String set = page.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no session cookie"));
        assertTrue(set.contains("HttpOnly") && set.contains("SameSite=Lax") && set.contains("Path=/"), set);
        cookie = set.substring(0, set.indexOf(';'));
        Matcher m = Pattern.compile("<meta name=\"csrf-token\" content=\"([0-9a-f]+)\">").matcher(page.body());
        assertTrue(m.find(), "the page carries its CSRF token");
        csrf = m.group(1);
    }

    HttpResponse<String> get(String path) throws Exception {
        return web.get(path, "Cookie", cookie);
    }

    /** A JSON request (null: no body), with or without the session's CSRF header. */
    HttpResponse<String> send(String method, String path, String json, boolean withCsrf) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(web.uri(path)).header("Cookie", cookie)
                .header("Content-Type", "application/json").method(method, json == null
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (withCsrf) b.header(Participants.CSRF_HEADER, csrf);
        return web.send(b);
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, json, true);
    }

    /** Submits a run of {@code lab} (202 expected) and returns its id. */
    String submit(String lab, String json) throws Exception {
        HttpResponse<String> r = send("POST", "/api/labs/" + lab + "/runs", json, true);
        assertEquals(202, r.statusCode(), r.body());
        return Json.MAPPER.readTree(r.body()).get("id").asText();
    }

    HttpResponse<String> login(String token) throws Exception {
        return web.send(HttpRequest.newBuilder(web.uri("/instructor/login")).header("Cookie", cookie)
                .header(Participants.CSRF_HEADER, csrf).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
    }
}

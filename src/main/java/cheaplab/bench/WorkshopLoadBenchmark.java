package cheaplab.bench;

import cheaplab.core.InProcessJobQueue;
import cheaplab.core.JdbcRunStore;
import cheaplab.core.Json;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunRecord;
import cheaplab.core.RunService;
import cheaplab.data.LocalDataCatalog;
import cheaplab.web.HostPolicy;
import cheaplab.web.InstructorToken;
import cheaplab.web.OriginPolicy;
import cheaplab.web.Participants;
import cheaplab.web.RateLimits;
import cheaplab.web.SocketLimits;
import cheaplab.web.WebApp;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A workshop under load on loopback: the real server in workshop mode (WebApp over a RunService with the fair
 * per-participant queue, an in-memory store, the default rate limits) in this JVM, and a client JVM (this jar's class
 * path) that plays an instructor and {@code --participants} participants. The instructor signs in and creates a
 * one-step workshop on a benchmark lab whose points carry the wall clock ({@link WsSocketsBenchmark.StampLab});
 * every participant, on its own thread and session, joins with the code, records a prediction, submits
 * {@code --runs} runs of the step, opens a run stream per run, and polls the workshop's state every 2 s as the page
 * does (the instructor too) until its runs end; it then checks the stream against the stored events.
 *
 * <p>Reports: event latency p50 / p99 / max (receipt minus the point's stamp, live points only), the server's peak
 * VmRSS, queue fairness (each run's wait from submission to start: the largest against the mean, and how many
 * second runs started ahead of another participant's first run that was already waiting — 0 under round-robin), the count of 5xx and 429 answers, and lost,
 * duplicated or reordered events (must all be 0). Args: {@code --participants N} (100), {@code --runs N} (2),
 * {@code --events N} (40 points a run), {@code --rate R} (200 points/s), {@code --workers N} (2).
 */
public final class WorkshopLoadBenchmark implements Benchmark {
    private static final Pattern CSRF = Pattern.compile("<meta name=\"csrf-token\" content=\"([0-9a-f]+)\">");

    @Override
    public String id() {
        return "workshop-load";
    }

    @Override
    public String description() {
        return "a workshop of N participants on loopback: event latency, server memory, queue fairness, no 5xx, no lost events";
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        int participants = Integer.parseInt(option(args, "--participants", "100"));
        int runsEach = Integer.parseInt(option(args, "--runs", "2"));
        int events = Integer.parseInt(option(args, "--events", "40"));
        int rate = Integer.parseInt(option(args, "--rate", "200"));
        int workers = Integer.parseInt(option(args, "--workers", "2"));
        String token = "load-" + UUID.randomUUID();

        Path tmp = Files.createTempDirectory("workshop-load");
        JdbcRunStore store = JdbcRunStore.open("jdbc:h2:mem:workshop-load-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        LabCatalog labs = new LabCatalog(List.of(new WsSocketsBenchmark.StampLab()));
        RunService runs = new RunService(labs, store, new LocalDataCatalog(tmp), new RunService.Settings(workers,
                participants * runsEach, Duration.ofSeconds(10), null, new InProcessJobQueue.OwnerLimits(1, 2)));
        Javalin app = WebApp.create(runs, labs, new LocalDataCatalog(tmp), OriginPolicy.sameOriginOnly(), HostPolicy.any(),
                SocketLimits.DEFAULTS, Participants.workshop(), InstructorToken.of(token), RateLimits.Settings.DEFAULTS).start("127.0.0.1", 0);
        Process client = null;
        AtomicBoolean sampling = new AtomicBoolean(true);
        try {
            System.gc();
            Thread.sleep(300);
            long rss0 = WsSocketsBenchmark.rssKb();
            AtomicLong peakRss = new AtomicLong(rss0);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    peakRss.accumulateAndGet(WsSocketsBenchmark.rssKb(), Math::max);
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-sampler");
            sampler.start();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            long t0 = System.nanoTime();
            client = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WorkshopLoadBenchmark.class.getName(),
                    "http://127.0.0.1:" + app.port(), String.valueOf(participants), String.valueOf(runsEach),
                    String.valueOf(events), String.valueOf(rate)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            client.getOutputStream().write((token + "\n").getBytes(StandardCharsets.UTF_8)); // never in argv
            client.getOutputStream().close();
            BufferedReader fromClient = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String summary = fromClient.readLine();
            double seconds = (System.nanoTime() - t0) / 1e9;
            sampling.set(false);
            sampler.join();
            client.waitFor(30, TimeUnit.SECONDS);
            if (summary == null) throw new IllegalStateException("the client JVM printed no summary");
            JsonNode s = Json.MAPPER.readTree(summary);

            // Fairness from the server's own records: every run's wait from submission to its start.
            List<RunRecord> all = runs.history(null, participants * runsEach + 10);
            Map<String, List<RunRecord>> byOwner = new LinkedHashMap<>();
            List<Double> waits = new ArrayList<>();
            for (RunRecord r : all) {
                if (r.started() == null) continue;
                waits.add(Duration.between(r.created(), r.started()).toNanos() / 1e9);
                byOwner.computeIfAbsent(r.owner(), k -> new ArrayList<>()).add(r);
            }
            // Round-robin: no participant's second run may start ahead of another's first run that was already
            // waiting when the second was submitted (first come first served would let an early burst through).
            // "Already waiting" means created a second before: a record's creation time precedes its entry into the
            // queue by the store's insert, tens of ms apart under this load, so closer pairs may enter either way.
            int overtakes = 0;
            for (List<RunRecord> mine : byOwner.values()) mine.sort((a, b) -> a.created().compareTo(b.created()));
            for (List<RunRecord> a : byOwner.values()) {
                if (a.size() < 2) continue;
                RunRecord second = a.get(1);
                for (List<RunRecord> b : byOwner.values()) {
                    RunRecord first = b.get(0);
                    if (b != a && first.created().plusSeconds(1).isBefore(second.created()) && first.started().isAfter(second.started())) {
                        overtakes++;
                        System.err.printf("overtake: %s second run created %s started %s; %s first run created %s started %s%n",
                                a.get(0).owner(), second.created(), second.started(), first.owner(), first.created(), first.started());
                    }
                }
            }
            boolean roundRobin = overtakes == 0;
            double meanWait = waits.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double maxWait = waits.stream().mapToDouble(Double::doubleValue).max().orElse(0);

            String load = WsSocketsBenchmark.loadAverage();
            out.printf(Locale.ROOT, "workshop-load: %d participants × %d runs of %d points at %d/s, %d workers, %.1f s (load average %s)%n",
                    participants, runsEach, events, rate, workers, seconds, load);
            out.printf(Locale.ROOT, "  HTTP: %d requests, %d 5xx, %d 429; run streams: %d, complete %d%n",
                    s.get("requests").asLong(), s.get("status5xx").asLong(), s.get("status429").asLong(),
                    s.get("streams").asLong(), s.get("complete").asLong());
            out.printf(Locale.ROOT, "  events: %d received, lost %d, duplicated or reordered %d%n",
                    s.get("eventsReceived").asLong(), s.get("lost").asLong(), s.get("reordered").asLong());
            out.printf(Locale.ROOT, "  event latency over %d live points: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    s.get("latencyCount").asLong(), s.get("p50").asDouble(), s.get("p99").asDouble(), s.get("max").asDouble());
            out.printf(Locale.ROOT, "  server VmRSS: %.0f MB before, %.0f MB at the peak%n", rss0 / 1024.0, peakRss.get() / 1024.0);
            out.printf(Locale.ROOT, "  queue wait: mean %.2f s, max %.2f s (max/mean %.2f); second runs that overtook a first run waiting ≥ 1 s longer: %d%n",
                    meanWait, maxWait, meanWait > 0 ? maxWait / meanWait : 0, overtakes);
            if (s.get("problems").size() > 0) out.println("  problems: " + s.get("problems"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", id());
            json.put("participants", participants);
            json.put("runsEach", runsEach);
            json.put("events", events);
            json.put("rate", rate);
            json.put("workers", workers);
            json.put("seconds", Math.round(seconds * 10) / 10.0);
            json.put("loadAverage", load);
            s.fields().forEachRemaining(e -> json.put(e.getKey(), e.getValue()));
            json.put("rssMbBefore", Math.round(rss0 / 1024.0));
            json.put("rssMbPeak", Math.round(peakRss.get() / 1024.0));
            json.put("meanWaitSeconds", Math.round(meanWait * 100) / 100.0);
            json.put("maxWaitSeconds", Math.round(maxWait * 100) / 100.0);
            json.put("overtakes", overtakes);
            out.println(Json.write(json));
            boolean ok = s.get("status5xx").asLong() == 0 && s.get("lost").asLong() == 0 && s.get("reordered").asLong() == 0
                    && s.get("complete").asLong() == (long) participants * runsEach && roundRobin;
            return ok ? 0 : 1;
        } finally {
            sampling.set(false);
            if (client != null) client.destroyForcibly();
            app.stop();
            runs.close();
            store.close();
        }
    }

    private static String option(List<String> args, String name, String dflt) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : dflt;
    }

    // ---- the client JVM -------------------------------------------------------------------------------------

    /** One browser: a session cookie and its CSRF token, counting every answer. */
    private static final class Session {
        final HttpClient http;
        final String base;
        final Counts counts;
        String cookie;
        String csrf;

        Session(HttpClient http, String base, Counts counts) throws Exception {
            this.http = http;
            this.base = base;
            this.counts = counts;
            HttpResponse<String> home = send(HttpRequest.newBuilder(URI.create(base + "/")).GET());
            String set = home.headers().firstValue("Set-Cookie").orElseThrow();
            cookie = set.substring(0, set.indexOf(';'));
            Matcher m = CSRF.matcher(home.body());
            if (!m.find()) throw new IllegalStateException("no CSRF token on the home page");
            csrf = m.group(1);
        }

        HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
            if (cookie != null) b.header("Cookie", cookie);
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            counts.requests.incrementAndGet();
            if (r.statusCode() >= 500) counts.status5xx.incrementAndGet();
            if (r.statusCode() == 429) counts.status429.incrementAndGet();
            return r;
        }

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
        }

        HttpResponse<String> post(String path, String contentType, String body) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                    .header("X-CSRF-Token", csrf).POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** POST, retrying after Retry-After when the rate limit answers 429 (as a person would, later). */
        HttpResponse<String> postJson(String path, String json) throws Exception {
            for (int attempt = 0; ; attempt++) {
                HttpResponse<String> r = post(path, "application/json", json);
                if (r.statusCode() != 429 || attempt >= 5) return r;
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
            }
        }
    }

    private static final class Counts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong status5xx = new AtomicLong();
        final AtomicLong status429 = new AtomicLong();
        final AtomicLong events = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong reordered = new AtomicLong();
        final AtomicInteger complete = new AtomicInteger();
        final AtomicInteger streams = new AtomicInteger();
        final List<Long> latenciesUs = Collections.synchronizedList(new ArrayList<>());
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());

        void problem(String p) {
            if (problems.size() < 10) problems.add(p);
        }
    }

    /**
     * {@code WorkshopLoadBenchmark <base url> <participants> <runs each> <events> <rate>}, the instructor token on
     * stdin: runs the workshop and prints one JSON summary line.
     */
    public static void main(String[] a) throws Exception {
        String base = a[0];
        int participants = Integer.parseInt(a[1]);
        int runsEach = Integer.parseInt(a[2]);
        int events = Integer.parseInt(a[3]);
        int rate = Integer.parseInt(a[4]);
        String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        HttpClient http = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(8)).build();
        Counts counts = new Counts();

        Session teacher = new Session(http, base, counts);
        HttpResponse<String> login = teacher.post("/instructor/login", "application/x-www-form-urlencoded",
                "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        if (login.statusCode() != 303) throw new IllegalStateException("instructor sign-in: " + login.statusCode());
        String plan = "{\"title\": \"Load\", \"steps\": [{\"lab\": \"stamp\", \"config\": {\"events\": " + events + ", \"rate\": "
                + rate + "}, \"locked\": [\"events\", \"rate\"], \"prompt\": \"Run it.\", \"prediction\": {\"kind\": \"number\", \"label\": \"How many points?\"}}]}";
        HttpResponse<String> created = teacher.postJson("/api/workshops", plan);
        if (created.statusCode() != 201) throw new IllegalStateException("workshop: " + created.statusCode() + " " + created.body());
        String code = Json.MAPPER.readTree(created.body()).get("code").asText();

        AtomicBoolean classRunning = new AtomicBoolean(true);
        Thread instructorPoll = new Thread(() -> {
            while (classRunning.get()) {
                try {
                    teacher.get("/api/workshops/" + code);
                    Thread.sleep(2000);
                } catch (Exception e) {
                    return;
                }
            }
        }, "instructor-poll");
        instructorPoll.start();

        ExecutorService pool = Executors.newFixedThreadPool(participants);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                try {
                    participant(http, base, code, n, runsEach, counts);
                } catch (Exception e) {
                    counts.problem("participant " + n + ": " + e);
                }
                return null;
            }));
        }
        for (Future<?> f : done) f.get(600, TimeUnit.SECONDS);
        classRunning.set(false);
        instructorPoll.join();
        pool.shutdown();

        long[] lat;
        synchronized (counts.latenciesUs) {
            lat = counts.latenciesUs.stream().mapToLong(Long::longValue).toArray();
        }
        Arrays.sort(lat);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requests", counts.requests.get());
        out.put("status5xx", counts.status5xx.get());
        out.put("status429", counts.status429.get());
        out.put("streams", counts.streams.get());
        out.put("complete", counts.complete.get());
        out.put("eventsReceived", counts.events.get());
        out.put("lost", counts.lost.get());
        out.put("reordered", counts.reordered.get());
        out.put("latencyCount", lat.length);
        out.put("p50", lat.length == 0 ? 0 : lat[(int) (0.50 * (lat.length - 1))] / 1000.0);
        out.put("p99", lat.length == 0 ? 0 : lat[(int) (0.99 * (lat.length - 1))] / 1000.0);
        out.put("max", lat.length == 0 ? 0 : lat[lat.length - 1] / 1000.0);
        out.put("problems", counts.problems);
        System.out.println(Json.write(out));
        System.out.flush();
        System.exit(0);
    }

    private static void participant(HttpClient http, String base, String code, int n, int runsEach, Counts counts) throws Exception {
        Session me = new Session(http, base, counts);
        HttpResponse<String> join = me.postJson("/w/" + code + "/join", "{\"name\": \"p" + n + "\"}");
        if (join.statusCode() != 303) throw new IllegalStateException("join: " + join.statusCode() + " " + join.body());
        HttpResponse<String> predicted = me.postJson("/api/workshops/" + code + "/predictions", "{\"value\": \"" + n + "\"}");
        if (predicted.statusCode() != 200) throw new IllegalStateException("prediction: " + predicted.statusCode());
        List<String> ids = new ArrayList<>();
        for (int r = 0; r < runsEach; r++) {
            HttpResponse<String> sub = me.postJson("/api/workshops/" + code + "/runs", "{}");
            if (sub.statusCode() != 202) throw new IllegalStateException("run: " + sub.statusCode() + " " + sub.body());
            ids.add(Json.MAPPER.readTree(sub.body()).get("id").asText());
        }
        List<StampStream> streams = new ArrayList<>();
        for (String id : ids) {
            StampStream s = new StampStream(0, StampStream.nowMicros());
            http.newWebSocketBuilder().header("Cookie", me.cookie)
                    .buildAsync(URI.create(base.replace("http://", "ws://") + "/ws/runs/" + id), s).get(60, TimeUnit.SECONDS);
            counts.streams.incrementAndGet();
            streams.add(s);
        }
        // As the page does: poll the state every 2 s until this participant's runs have ended.
        while (!streams.stream().allMatch(s -> s.done.isDone())) {
            me.get("/api/workshops/" + code);
            Thread.sleep(2000);
        }
        for (int i = 0; i < ids.size(); i++) {
            StampStream stream = streams.get(i);
            String problem = stream.done.get();
            counts.events.addAndGet(stream.seqs.size());
            counts.reordered.addAndGet(stream.outOfOrder());
            counts.latenciesUs.addAll(stream.latencies);
            JsonNode stored = Json.MAPPER.readTree(me.get("/api/runs/" + ids.get(i) + "/events").body());
            List<Long> seqs = new ArrayList<>();
            for (JsonNode e : stored) seqs.add(e.get("seq").asLong());
            List<Long> got = stream.seqs;
            if (!got.equals(seqs)) {
                counts.lost.addAndGet(Math.max(0, seqs.size() - got.size()));
                counts.problem("run " + ids.get(i) + ": received " + got.size() + " events, stored " + seqs.size());
            }
            if (problem == null) counts.complete.incrementAndGet();
            else counts.problem("run " + ids.get(i) + ": " + problem);
        }
    }
}

package cheaplab.bench;

import cheaplab.core.Check;
import cheaplab.core.JdbcRunStore;
import cheaplab.core.Json;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunContext;
import cheaplab.core.RunEvent;
import cheaplab.core.RunRecord;
import cheaplab.core.RunService;
import cheaplab.data.LocalDataCatalog;
import cheaplab.web.SocketLimits;
import cheaplab.web.WebApp;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many WebSockets on one run: the real server (WebApp over a RunService with an in-memory store) streams a synthetic
 * run of {@code --events} points at {@code --rate} events/s to {@code --sockets} sockets held by a separate client JVM
 * (the JDK's java.net.http.WebSocket, started from this jar's class path), so this JVM's threads and resident memory
 * are the server's. Reports the server's threads and VmRSS before the sockets and at their peak while streaming
 * (sampled every 50 ms), and the event latency (the lab stamps each point with the wall clock when it publishes it;
 * the client subtracts it on receipt: hub delivery, JSON, the socket write, the client's parse) as p50/p99/max over
 * every event of every socket after the first {@code --warmup} points; checks that each socket got every event exactly
 * once and a 1000 close.
 *
 * <p>Args: {@code --sockets N} (200), {@code --events N} (2000), {@code --rate R} (500 events/s),
 * {@code --warmup N} (points left out of the latency figures: min(events / 10, rate)), {@code --compression on|off} (off; the JDK client never offers permessage-deflate, so this only shows the
 * negotiation costs nothing for it).
 */
public final class WsSocketsBenchmark implements Benchmark {
    @Override
    public String id() {
        return "ws-sockets";
    }

    @Override
    public String description() {
        return "run-stream WebSockets: server threads, resident memory and event latency with N sockets on one run";
    }

    /** Publishes points stamped with the wall clock (µs since the epoch), after a gate the benchmark opens. */
    public static final class StampLab implements Lab<StampLab.Config, StampLab.Result> {
        static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

        public record Config(int events, int rate, String gate, long seed) {
            public Config {
                Check.range("events", events, 1, 10_000_000);
                Check.range("rate", rate, 1, 1_000_000);
            }
        }

        public record Result(int events) {}

        @Override public String id() { return "stamp"; }
        @Override public String title() { return "Stamp"; }
        @Override public String summary() { return "Benchmark lab: time-stamped points."; }
        @Override public Class<Config> configType() { return Config.class; }
        @Override public Config defaults() { return new Config(100, 100, "", 1); }

        @Override
        public Result run(Config c, RunContext ctx) throws Exception {
            CountDownLatch gate = GATES.get(c.gate());
            if (gate != null) while (!gate.await(10, TimeUnit.MILLISECONDS)) ctx.checkCancelled();
            long t0 = System.nanoTime();
            Map<String, Object> v = new LinkedHashMap<>();
            for (int i = 1; i <= c.events(); i++) {
                ctx.checkCancelled();
                long due = t0 + (long) (i * 1e9 / c.rate());
                long wait = due - System.nanoTime();
                if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                Instant now = Instant.now();
                v.put("i", i);
                v.put("t", now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
                ctx.point("t", v);
            }
            return new Result(c.events());
        }
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        int sockets = Integer.parseInt(option(args, "--sockets", "200"));
        int events = Integer.parseInt(option(args, "--events", "2000"));
        int rate = Integer.parseInt(option(args, "--rate", "500"));
        boolean compression = option(args, "--compression", "off").equals("on");
        int warmup = Integer.parseInt(option(args, "--warmup", String.valueOf(Math.min(events / 10, rate))));

        Path tmp = Files.createTempDirectory("ws-bench");
        JdbcRunStore store = JdbcRunStore.open("jdbc:h2:mem:ws-bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        LabCatalog labs = new LabCatalog(List.of(new StampLab()));
        RunService runs = new RunService(labs, store, new LocalDataCatalog(tmp), new RunService.Settings(1, 4, Duration.ofSeconds(10)));
        Javalin app = WebApp.create(runs, labs, new LocalDataCatalog(tmp),
                new SocketLimits(Math.max(SocketLimits.DEFAULT_MAX_PER_CLIENT, sockets), Math.max(SocketLimits.DEFAULT_MAX_SOCKETS, sockets), compression)).start(0);
        Process client = null;
        try {
            String gate = UUID.randomUUID().toString();
            CountDownLatch open = new CountDownLatch(1);
            StampLab.GATES.put(gate, open);
            RunRecord r = runs.submit("stamp", Json.MAPPER.readTree("{\"events\": " + events + ", \"rate\": " + rate + ", \"gate\": \"" + gate + "\"}"));
            System.gc();
            Thread.sleep(500);
            int threads0 = ManagementFactory.getThreadMXBean().getThreadCount();
            long rss0 = rssKb();

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            client = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), WsSocketsBenchmark.class.getName(),
                    "ws://127.0.0.1:" + app.port() + "/ws/runs/" + r.id(), String.valueOf(sockets), String.valueOf(warmup))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader fromClient = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
            String line = fromClient.readLine();
            if (line == null || !line.startsWith("open")) throw new IllegalStateException("client: " + line);
            int threadsOpen = ManagementFactory.getThreadMXBean().getThreadCount();
            long rssOpen = rssKb();

            AtomicInteger peakThreads = new AtomicInteger(threadsOpen);
            AtomicLong peakRss = new AtomicLong(rssOpen);
            Map<String, Integer> peakByPool = new TreeMap<>();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                for (int tick = 0; sampling.get(); tick++) {
                    peakThreads.accumulateAndGet(ManagementFactory.getThreadMXBean().getThreadCount(), Math::max);
                    peakRss.accumulateAndGet(rssKb(), Math::max);
                    if (tick % 20 != 0) {
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                        continue;
                    }
                    Map<String, Integer> now = new TreeMap<>(); // names once a second: getAllStackTraces stops the JVM
                    for (Thread t : Thread.getAllStackTraces().keySet()) now.merge(pool(t.getName()), 1, Integer::sum);
                    synchronized (peakByPool) {
                        now.forEach((k, n) -> peakByPool.merge(k, n, Math::max));
                    }
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "bench-sampler");
            sampler.start();
            long t0 = System.nanoTime();
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long serverCpu0 = os.getProcessCpuTime();
            long clientCpu0 = client.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            open.countDown();
            String summary = fromClient.readLine();
            double seconds = (System.nanoTime() - t0) / 1e9;
            double serverCpu = (os.getProcessCpuTime() - serverCpu0) / 1e9;
            double clientCpu = (client.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) - clientCpu0) / 1e9;
            sampling.set(false);
            sampler.join();
            client.waitFor(30, TimeUnit.SECONDS);
            List<RunEvent> all = runs.events(r.id(), 0);
            JsonNode s = Json.MAPPER.readTree(summary);

            String load = loadAverage();
            out.printf(Locale.ROOT, "ws-sockets: %d sockets, %d events at %d/s, compression %s, %.1f s (load average %s)%n", sockets, all.size(), rate,
                    compression ? "on" : "off", seconds, load);
            out.printf(Locale.ROOT, "  CPU while streaming: server %.1f s, client JVM %.1f s (of %.1f s wall, %d cores)%n",
                    serverCpu, clientCpu, seconds, Runtime.getRuntime().availableProcessors());
            out.printf(Locale.ROOT, "  server threads: %d before the sockets, %d with them open, %d at the peak while streaming%n",
                    threads0, threadsOpen, peakThreads.get());
            synchronized (peakByPool) {
                out.println("  peak threads by pool: " + peakByPool);
            }
            out.printf(Locale.ROOT, "  server VmRSS: %.0f MB before, %.0f MB with the sockets open, %.0f MB at the peak%n",
                    rss0 / 1024.0, rssOpen / 1024.0, peakRss.get() / 1024.0);
            out.printf(Locale.ROOT, "  event latency over %d deliveries (points after the first %d): p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    s.get("count").asLong(), warmup, s.get("p50").asDouble(), s.get("p99").asDouble(), s.get("max").asDouble());
            out.printf(Locale.ROOT, "  sockets complete (every event once, then 1000): %d of %d%s%n", s.get("complete").asInt(), sockets,
                    s.get("problems").isEmpty() ? "" : "; " + s.get("problems"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", id());
            json.put("sockets", sockets);
            json.put("events", all.size());
            json.put("rate", rate);
            json.put("compression", compression);
            json.put("seconds", Math.round(seconds * 10) / 10.0);
            json.put("loadAverage", load);
            json.put("serverCpuSeconds", Math.round(serverCpu * 10) / 10.0);
            json.put("clientCpuSeconds", Math.round(clientCpu * 10) / 10.0);
            json.put("threadsBefore", threads0);
            json.put("threadsOpen", threadsOpen);
            json.put("threadsPeak", peakThreads.get());
            json.put("threadsByPool", peakByPool);
            json.put("rssMbBefore", Math.round(rss0 / 1024.0));
            json.put("rssMbOpen", Math.round(rssOpen / 1024.0));
            json.put("rssMbPeak", Math.round(peakRss.get() / 1024.0));
            json.put("warmupEvents", warmup);
            json.put("latencyMsP50", s.get("p50").asDouble());
            json.put("latencyMsP99", s.get("p99").asDouble());
            json.put("latencyMsMax", s.get("max").asDouble());
            json.put("complete", s.get("complete").asInt());
            out.println(Json.write(json));
            return s.get("complete").asInt() == sockets ? 0 : 1;
        } finally {
            if (client != null) client.destroyForcibly();
            app.stop();
            runs.close();
            store.close();
        }
    }

    /** Thread names without their numbers: qtp123-45 → qtp, run-events-3 → run-events. */
    static String pool(String name) {
        String p = name.replaceAll("[-@]?[0-9]+$", "").replaceAll("[0-9]+", "");
        return p.isEmpty() ? "?" : p;
    }

    /** The 1-minute load average (this machine is shared: a load well above its cores means the figures are contended). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    static long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }

    private static String option(List<String> args, String name, String dflt) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : dflt;
    }

    // ---- the client JVM: N sockets, latency of every point, completeness of every socket

    /**
     * {@code WsSocketsBenchmark <ws url> <sockets> <warm-up points>}: prints "open N" once all are open, then one JSON
     * summary line; latencies of the first warm-up points (JIT, connection start) are left out.
     */
    public static void main(String[] a) throws Exception {
        URI url = URI.create(a[0]);
        int n = Integer.parseInt(a[1]);
        int warmup = Integer.parseInt(a[2]);
        HttpClient http = HttpClient.newHttpClient();
        List<StampStream> all = new ArrayList<>();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StampStream s = new StampStream(warmup, 0);
            all.add(s);
            opening.add(http.newWebSocketBuilder().buildAsync(url, s));
        }
        for (CompletableFuture<WebSocket> f : opening) f.get(60, TimeUnit.SECONDS);
        System.out.println("open " + n);
        System.out.flush();
        int complete = 0;
        List<String> problems = new ArrayList<>();
        long count = 0;
        for (StampStream s : all) {
            String problem = s.done.get(300, TimeUnit.SECONDS);
            if (problem == null) complete++;
            else if (problems.size() < 5) problems.add(problem);
            count += s.latencies.size();
        }
        double[] lat = new double[(int) count];
        int k = 0;
        for (StampStream s : all) for (long us : s.latencies) lat[k++] = us / 1000.0;
        Arrays.sort(lat);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", count);
        out.put("p50", lat.length == 0 ? 0 : lat[(int) (0.50 * (lat.length - 1))]);
        out.put("p99", lat.length == 0 ? 0 : lat[(int) (0.99 * (lat.length - 1))]);
        out.put("max", lat.length == 0 ? 0 : lat[lat.length - 1]);
        out.put("complete", complete);
        out.put("problems", problems);
        System.out.println(Json.write(out));
        System.out.flush();
        System.exit(0);
    }
}

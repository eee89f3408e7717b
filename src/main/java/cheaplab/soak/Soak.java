package cheaplab.soak;

import cheaplab.core.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The soak test (docs/benchmarks.md, "Soak"): starts the lab's server in a child JVM under glibc's heap checks,
 * drives a seeded mix of ridge and RBM runs through it — some watched to the end over a WebSocket, some whose
 * client drops its socket mid-run, some cancelled mid-run — with one run more in flight than there are workers,
 * and then judges the server by {@link SoakVerdict}. Prints its figures; exit code 0 when it passed.
 * Linux only (resident memory from {@code /proc}).
 */
public final class Soak {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    private static final int CLOSE_AFTER_EVENTS = 3;

    private Soak() {}

    public static void main(String[] args) throws Exception {
        SoakOptions o;
        try {
            o = SoakOptions.parse(Arrays.asList(args), ownJar());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(SoakOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(o, System.out) ? 0 : 1);
    }

    private static Path ownJar() {
        try {
            Path p = Path.of(Soak.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    static boolean run(SoakOptions o, PrintStream out) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("cheaplab-soak-");
        List<SoakPlan.Step> plan = SoakPlan.of(o.runs(), o.labs(), o.seed());
        out.printf("soak: %d runs (%s), --workers %d, heap %s, work dir %s%n", o.runs(), String.join("+", o.labs()),
                o.workers(), o.heap(), work);
        long t0 = System.nanoTime();
        try (SoakServer server = SoakServer.start(o, work)) {
            out.printf("server pid %d at %s, glibc checks: %s, resident %d MiB after start%n", server.pid(), server.base(),
                    server.mallocDebug(), server.residentBytes() >> 20);
            SoakClient client = new SoakClient(server.base());
            AtomicInteger next = new AtomicInteger();
            AtomicInteger ended = new AtomicInteger();
            AtomicLong rssAfterTen = new AtomicLong(-1);
            // resident memory when each run ended (index: how many had ended), runs of the other clients in flight
            java.util.concurrent.atomic.AtomicLongArray rssAtEnd = new java.util.concurrent.atomic.AtomicLongArray(plan.size() + 1);
            AtomicLong rssPeak = new AtomicLong();
            AtomicInteger threadsPeak = new AtomicInteger();
            ConcurrentLinkedQueue<SoakOutcome> outcomes = new ConcurrentLinkedQueue<>();
            int clients = o.workers() + 1;
            ExecutorService pool = Executors.newFixedThreadPool(clients + 1);
            Future<?> sampler = pool.submit(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    rssPeak.accumulateAndGet(server.residentBytes(), Math::max);
                    threadsPeak.accumulateAndGet(server.threads(), Math::max);
                    try {
                        Thread.sleep(500);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            List<Future<?>> drivers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                drivers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < plan.size(); i = next.getAndIncrement()) {
                        SoakOutcome r = drive(client, plan.get(i));
                        outcomes.add(r);
                        int n = ended.incrementAndGet();
                        long rss = server.residentBytes();
                        rssAtEnd.set(n, rss);
                        if (n <= SoakVerdict.BASELINE_RUNS) rssAfterTen.accumulateAndGet(rss, Math::max);
                        out.printf("  run %2d %-5s %-12s %-9s %6.1f s%s  rss %d MiB%n", r.step().index(), r.step().lab(),
                                r.step().action().name().toLowerCase(), r.status(), r.wallMillis() / 1000.0,
                                r.cancelMillis() >= 0 ? String.format(" (cancel took %d ms)", r.cancelMillis()) : "",
                                server.residentBytes() >> 20);
                        if (!server.alive()) return null;
                    }
                    return null;
                }));
            }
            for (Future<?> d : drivers) {
                try {
                    d.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    out.println("  a driver stopped: " + e.getCause());
                }
            }
            // Both figures alike: the largest resident memory when one of the first ten runs, or of the last ten, ended
            // (other clients' runs in flight either way: which runs overlap moves a single sample by ~10%).
            long rssEnd = -1;
            for (int n = Math.max(1, ended.get() - SoakVerdict.BASELINE_RUNS + 1); n <= ended.get(); n++) rssEnd = Math.max(rssEnd, rssAtEnd.get(n));
            boolean alive = server.alive() && server.healthy();
            sampler.cancel(true);
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            int exit = server.stop();
            List<String> crashes;
            try (Stream<Path> s = Files.list(work)) {
                crashes = s.map(p -> p.getFileName().toString())
                        .filter(n -> n.startsWith("hs_err") || n.startsWith("core")).toList();
            }
            List<SoakOutcome> all = outcomes.stream().sorted(Comparator.comparingInt(r -> r.step().index())).toList();
            SoakVerdict.Evidence ev = new SoakVerdict.Evidence(all, alive, exit, server.logText(), crashes, rssAfterTen.get(), rssEnd);
            List<String> failures = SoakVerdict.failures(ev);
            Map<String, Object> figures = figures(o, server, all, ev, rssPeak.get(), threadsPeak.get(),
                    (System.nanoTime() - t0) / 1e9, failures);
            Files.writeString(work.resolve("soak-summary.json"), Json.write(figures));
            out.println(Json.write(figures));
            boolean passed = failures.isEmpty();
            out.println(passed ? "soak PASSED" : "soak FAILED:\n  " + String.join("\n  ", failures));
            if (passed && !o.keep()) deleteTree(work);
            else out.println("server log, run store and summary kept in " + work);
            return passed;
        }
    }

    private static SoakOutcome drive(SoakClient client, SoakPlan.Step step) {
        long start = System.nanoTime();
        String id = "?";
        try {
            id = client.submit(step.lab(), step.config());
            int abortAfter = step.action() == SoakPlan.Action.CLOSE_SOCKET ? CLOSE_AFTER_EVENTS : 0;
            SoakClient.Watcher w = client.watch(id, abortAfter);
            int cancelAnswer = 0;
            long cancelMillis = -1;
            String status;
            if (step.action() == SoakPlan.Action.CANCEL) {
                client.awaitStart(id, RUN_TIMEOUT);
                Thread.sleep(step.cancelAfterMillis());
                long c = System.nanoTime();
                cancelAnswer = client.cancel(id);
                status = client.awaitEnd(id, RUN_TIMEOUT);
                if (cancelAnswer == 202) cancelMillis = (System.nanoTime() - c) / 1_000_000;
            } else {
                status = client.awaitEnd(id, RUN_TIMEOUT);
            }
            String socket;
            try {
                socket = w.done.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                socket = "still open 30 s after the run ended";
            } catch (java.util.concurrent.ExecutionException e) {
                socket = "error: " + e.getCause();
            }
            return new SoakOutcome(step, id, status, cancelAnswer, cancelMillis, (System.nanoTime() - start) / 1_000_000,
                    socket, w.sawEnd, w.gaps);
        } catch (IOException e) {
            return new SoakOutcome(step, id, "client error: " + e.getMessage(), 0, -1, (System.nanoTime() - start) / 1_000_000,
                    "none", false, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SoakOutcome(step, id, "interrupted", 0, -1, (System.nanoTime() - start) / 1_000_000, "none", false, false);
        }
    }

    private static Map<String, Object> figures(SoakOptions o, SoakServer server, List<SoakOutcome> all, SoakVerdict.Evidence ev,
                                               long rssPeak, int threadsPeak, double seconds, List<String> failures) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("workers", o.workers());
        f.put("runs", all.size());
        f.put("labs", String.join("+", o.labs()));
        f.put("heap", o.heap());
        f.put("mallocChecks", server.mallocDebug());
        f.put("seconds", Math.round(seconds));
        Map<String, Long> byStatus = new java.util.TreeMap<>();
        for (SoakOutcome r : all) byStatus.merge(r.step().lab() + " " + r.status(), 1L, Long::sum);
        f.put("statuses", byStatus);
        f.put("cancelled", all.stream().filter(r -> r.step().action() == SoakPlan.Action.CANCEL).count());
        f.put("cancelMillisMax", all.stream().mapToLong(SoakOutcome::cancelMillis).max().orElse(-1));
        f.put("socketsDropped", all.stream().filter(r -> r.step().action() == SoakPlan.Action.CLOSE_SOCKET).count());
        List<SoakOutcome> watched = all.stream().filter(r -> r.step().action() == SoakPlan.Action.WATCH).toList();
        f.put("watchersComplete", watched.stream().filter(r -> r.sawEnd() && !r.gaps()).count() + " of " + watched.size());
        f.put("rssAfterTenMiB", ev.rssAfterTen() >> 20);
        f.put("rssEndMiB", ev.rssEnd() >> 20);
        f.put("rssPeakMiB", rssPeak >> 20);
        f.put("rssGrowthPercent", ev.rssAfterTen() > 0 ? Math.round(1000.0 * (ev.rssEnd() - ev.rssAfterTen()) / ev.rssAfterTen()) / 10.0 : null);
        f.put("threadsPeak", threadsPeak);
        f.put("serverExit", ev.exitCode());
        f.put("passed", failures.isEmpty());
        f.put("failures", failures);
        return f;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}

package cheaplab.cli;

import cheaplab.core.JdbcRunStore;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunService;
import cheaplab.data.DataCatalog;
import cheaplab.web.HostPolicy;
import cheaplab.web.OriginPolicy;
import cheaplab.web.WebApp;
import cheaplab.web.Participants;
import cheaplab.web.InstructorToken;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The web server with its run service and store, started and stopped as one. Stopping is orderly: the HTTP
 * server stops accepting, in-flight runs end as interrupted (events and status stored), then the store closes.
 */
public final class LabServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LabServer.class);

    private final JdbcRunStore store;
    private final RunService runs;
    private final Javalin app;
    private boolean closed;

    private LabServer(JdbcRunStore store, RunService runs, Javalin app) {
        this.store = store;
        this.runs = runs;
        this.app = app;
    }

    /** Per participant in workshop mode: one run at a time and two waiting (the defaults). */
    static final cheaplab.core.InProcessJobQueue.OwnerLimits WORKSHOP_LIMITS = new cheaplab.core.InProcessJobQueue.OwnerLimits(1, 2);

    static LabServer start(Options o, LabCatalog labs, DataCatalog data) {
        // Workshop mode iff an instructor token is configured: participant sessions, ownership, CSRF, fair limits.
        InstructorToken token;
        try {
            token = o.instructorTokenFile() == null ? null : InstructorToken.read(o.instructorTokenFile());
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new UsageException("--instructor-token-file / CHEAPLAB_INSTRUCTOR_TOKEN_FILE: cannot use "
                    + o.instructorTokenFile() + ": " + e.getMessage());
        }
        JdbcRunStore store = JdbcRunStore.open(JdbcRunStore.url(o.db(), o.dataDir()));
        RunService runs;
        try {
            runs = new RunService(labs, store, data, new RunService.Settings(o.workers(), o.queue(), Duration.ofSeconds(10),
                    o.maxRunSeconds() > 0 ? Duration.ofSeconds(o.maxRunSeconds()) : null,
                    token == null ? cheaplab.core.InProcessJobQueue.OwnerLimits.NONE : WORKSHOP_LIMITS));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        OriginPolicy origins = new OriginPolicy(o.allowedOrigins());
        Javalin app = WebApp.create(runs, labs, data, origins, HostPolicy.forBind(o.host(), origins.allowedOrigins()),
                o.sockets(), token == null ? Participants.singleUser() : Participants.workshop(), token, o.effectiveRates());
        try {
            app.start(o.host(), o.port());
        } catch (RuntimeException e) {
            runs.close();
            store.close();
            throw e;
        }
        return new LabServer(store, runs, app);
    }

    public int port() {
        return app.port();
    }

    public RunService runs() {
        return runs;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        try {
            app.stop();
        } catch (RuntimeException e) {
            log.warn("stopping the HTTP server: {}", e.toString());
        }
        runs.close();
        store.close();
    }
}

package cheaplab.cli;

import cheaplab.core.JdbcRunStore;
import cheaplab.core.LabCatalog;
import cheaplab.core.RunService;
import cheaplab.data.DataCatalog;
import cheaplab.web.HostPolicy;
import cheaplab.web.OriginPolicy;
import cheaplab.web.WebApp;
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

    static LabServer start(Options o, LabCatalog labs, DataCatalog data) {
        JdbcRunStore store = JdbcRunStore.open(JdbcRunStore.url(o.db(), o.dataDir()));
        RunService runs;
        try {
            runs = new RunService(labs, store, data, new RunService.Settings(o.workers(), o.queue(), Duration.ofSeconds(10),
                    o.maxRunSeconds() > 0 ? Duration.ofSeconds(o.maxRunSeconds()) : null));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        OriginPolicy origins = new OriginPolicy(o.allowedOrigins());
        Javalin app = WebApp.create(runs, labs, data, origins, HostPolicy.forBind(o.host(), origins.allowedOrigins()),
                o.sockets());
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

package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.LabCatalog;
import cheaplab.core.Runs;
import cheaplab.data.DataCatalog;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

import java.time.Duration;

/**
 * Builds the Javalin application. Thin: REST + WebSocket ({@code ApiRoutes}, {@code RunSocket}) and HTML pages
 * ({@code PageRoutes}) only talk to {@link Runs}, the {@link LabCatalog} and the {@link DataCatalog}.
 */
public final class WebApp {
    /** Largest request body accepted (a config is a few hundred bytes; a form post a few KB). */
    static final long MAX_REQUEST_BYTES = 1L << 20;

    private WebApp() {}

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data) {
        return create(runs, labs, data, new PlainRunViews());
    }

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data, RunViews views) {
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            // Pings every 15 s keep a socket of a long-queued run open; a dead peer is dropped after this.
            cfg.jetty.modifyWebSocketServletFactory(ws -> ws.setIdleTimeout(Duration.ofMinutes(2)));
            // Javalin refuses to start on a missing static folder (tests of the API alone have none).
            if (WebApp.class.getResource("/static") != null)
                cfg.staticFiles.add("/static", io.javalin.http.staticfiles.Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();
        });
        ApiRoutes.register(app, runs, labs, views);
        RunSocket.register(app, runs);
        // PageRoutes.register(app, runs, labs, data); -- UI work (Thymeleaf pages, htmx fragments)
        return app;
    }
}

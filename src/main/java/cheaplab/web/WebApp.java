package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.LabCatalog;
import cheaplab.core.Runs;
import cheaplab.data.DataCatalog;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/**
 * Builds the Javalin application. Thin: REST + WebSocket ({@link ApiRoutes}, {@link RunSocket}) and HTML pages
 * ({@link PageRoutes}) only talk to {@link Runs}, the {@link LabCatalog} and the {@link DataCatalog}. htmx form
 * posts to the REST route get their fragments from the same templates as the pages ({@link ThymeleafRunViews}).
 */
public final class WebApp {
    /** Largest request body accepted (a config is a few hundred bytes; a form post a few KB). */
    static final long MAX_REQUEST_BYTES = 1L << 20;
    /**
     * Jetty's threads at most (Javalin's default is 250). Nothing holds one per socket (WebSocket reads and writes are
     * non-blocking), but a burst of upgrades grows the pool to one thread per concurrent handshake: 176 idle threads
     * after 200 sockets opened at once with the default (docs/benchmarks.md, ws-sockets).
     */
    static final int MAX_JETTY_THREADS = 48;

    private WebApp() {}

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data) {
        return create(runs, labs, data, SocketLimits.DEFAULTS);
    }

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data, SocketLimits sockets) {
        ThymeleafRenderer renderer = ThymeleafRenderer.standard();
        RunSocket socket = RunSocket.create(runs, sockets);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(MAX_JETTY_THREADS, 4, 60_000);
            pool.setName("JettyServerThreadPool");
            cfg.jetty.threadPool = pool;
            socket.configure(cfg);
            cfg.staticFiles.add("/static", io.javalin.http.staticfiles.Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();
            cfg.fileRenderer(renderer);
        });
        ApiRoutes.register(app, runs, labs, new ThymeleafRunViews(renderer, labs));
        socket.routes(app);
        HealthRoute.register(app);
        PageRoutes.register(app, runs, labs, data, renderer);
        return app;
    }
}

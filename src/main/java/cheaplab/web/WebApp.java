package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.LabCatalog;
import cheaplab.core.Runs;
import cheaplab.data.DataCatalog;
import cheaplab.workshop.Workshops;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;

/**
 * Builds the Javalin application. Thin: REST + WebSocket ({@link ApiRoutes}, {@link RunSocket}) and HTML pages
 * ({@link PageRoutes}) only talk to {@link Runs}, the {@link LabCatalog} and the {@link DataCatalog}. htmx form
 * posts to the REST route get their fragments from the same templates as the pages ({@link ThymeleafRunViews}).
 * Before any route: security headers ({@link SecurityHeaders}), the body limit ({@link RequestBodyLimit}), the
 * Host check of a loopback-only server ({@link HostPolicy}), the
 * origin check ({@link OriginPolicy}, WebSocket upgrades too) and the content-type rules ({@link ContentTypePolicy});
 * after them the error answers ({@link HttpErrors}, {@link JettyErrorHandler}). A workshop deployment (an instructor
 * token) adds the instructor's sign-in ({@link InstructorRoutes}) and the workshops ({@link WorkshopRoutes}).
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

    /** Accepting state changes and streams from the server's own origin only. */
    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data) {
        return create(runs, labs, data, OriginPolicy.sameOriginOnly());
    }

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data, OriginPolicy origins) {
        return create(runs, labs, data, origins, HostPolicy.any(), SocketLimits.DEFAULTS);
    }

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data, SocketLimits sockets) {
        return create(runs, labs, data, OriginPolicy.sameOriginOnly(), HostPolicy.any(), sockets);
    }

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data, OriginPolicy origins, HostPolicy hosts) {
        return create(runs, labs, data, origins, hosts, SocketLimits.DEFAULTS);
    }

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data, OriginPolicy origins, HostPolicy hosts,
                                 SocketLimits sockets) {
        return create(runs, labs, data, origins, hosts, sockets, Participants.singleUser(), null);
    }

    /**
     * @param participants who is asking: {@link Participants#singleUser()} for the local lab, or workshop mode
     * @param instructor   the deployment's instructor token (workshop mode); null: no instructor sign-in
     */
    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data, OriginPolicy origins, HostPolicy hosts,
                                 SocketLimits sockets, Participants participants, InstructorToken instructor) {
        return create(runs, labs, data, origins, hosts, sockets, participants, instructor,
                participants.workshopMode() ? RateLimits.Settings.DEFAULTS : RateLimits.Settings.NONE);
    }

    /** @param rates per-client limits on run submissions and other requests ({@link RateLimits}) */
    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data, OriginPolicy origins, HostPolicy hosts,
                          SocketLimits sockets, Participants participants, InstructorToken instructor,
                          RateLimits.Settings rates) {
        ThymeleafRenderer renderer = ThymeleafRenderer.standard();
        RequestBodyLimit bodyLimit = new RequestBodyLimit(MAX_REQUEST_BYTES);
        RunSocket socket = RunSocket.create(runs, sockets).watchedBy(participants);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            cfg.http.maxRequestSize = MAX_REQUEST_BYTES;
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrorHandler()));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(new JettyErrorHandler()));
            org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(MAX_JETTY_THREADS, 4, 60_000);
            pool.setName("JettyServerThreadPool");
            cfg.jetty.threadPool = pool;
            socket.configure(cfg);
            cfg.staticFiles.add("/static", io.javalin.http.staticfiles.Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();
            cfg.fileRenderer(renderer);
        });
        ThymeleafRunViews views = new ThymeleafRunViews(renderer, labs, runs);
        // Order matters: headers first (every answer has them), then refusals, cheapest and most general first.
        app.before(ctx -> SecurityHeaders.apply(ctx.res(), ctx.path()));
        hosts.register(app);
        app.before(bodyLimit::checkDeclared);
        origins.register(app);
        app.before(ContentTypePolicy::check);
        participants.register(app);
        new RateLimits(rates, participants, System::nanoTime).register(app);
        HttpErrors.register(app, views);
        ApiRoutes.register(app, runs, labs, views, bodyLimit, participants);
        Workshops workshops = new Workshops();
        if (instructor != null) InstructorRoutes.register(app, participants, instructor, bodyLimit, renderer, workshops, labs);
        socket.routes(app);
        HealthRoute.register(app);
        PageRoutes pages = PageRoutes.register(app, runs, labs, data, renderer, participants);
        if (instructor != null)
            WorkshopRoutes.register(app, runs, labs, workshops, participants, bodyLimit, views, pages, renderer);
        if (participants.workshopMode()) {
            ParticipantReaper reaper = new ParticipantReaper(runs, participants, socket::watchers, ParticipantReaper.DEFAULT_AFTER);
            app.events(e -> {
                e.serverStarted(reaper::start);
                e.serverStopping(reaper::close);
            });
        }
        return app;
    }
}

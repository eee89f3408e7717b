package cheaplab.web;

import cheaplab.core.LabCatalog;
import cheaplab.core.Runs;
import cheaplab.data.DataCatalog;
import io.javalin.Javalin;

/**
 * Builds the Javalin application. Thin: REST + WebSocket ({@code ApiRoutes}, {@code RunSocket}) and HTML pages
 * ({@code PageRoutes}) only talk to {@link Runs}, the {@link LabCatalog} and the {@link DataCatalog}.
 */
public final class WebApp {
    private WebApp() {}

    public static Javalin create(Runs runs, LabCatalog labs, DataCatalog data) {
        ThymeleafRenderer renderer = ThymeleafRenderer.standard();
        RunViews views = new ThymeleafRunViews(renderer, labs);
        Javalin app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.staticFiles.add("/static", io.javalin.http.staticfiles.Location.CLASSPATH);
            cfg.staticFiles.enableWebjars();
            cfg.fileRenderer(renderer);
        });
        // ApiRoutes.register(app, runs, labs, views);   -- platform work (REST, errors; htmx posts get views' fragments)
        // RunSocket.register(app, runs);                -- platform work (/ws/runs/{id})
        PageRoutes.register(app, runs, labs, data, renderer);
        return app;
    }
}

package cheaplab.web.fakes;

import cheaplab.core.LabCatalog;
import cheaplab.data.DataCatalog;
import cheaplab.web.ThymeleafRenderer;
import cheaplab.web.ThymeleafRunViews;
import cheaplab.web.WebApp;
import io.javalin.Javalin;

import java.util.List;

/**
 * A real Javalin on an ephemeral port: {@link WebApp#create} (pages, static files, WebJars), plus
 * {@link FakeApi} for the REST and socket routes while the platform's ApiRoutes is not on this branch. Once
 * {@code cheaplab.web.ApiRoutes} exists, WebApp registers the real routes and the fake ones are left out.
 */
public final class TestServer implements AutoCloseable {
    public final Javalin app;
    public final FakeRuns runs;
    public final LabCatalog labs;
    /** Null when the platform's own REST/socket routes serve the requests. */
    public final FakeApi fakeApi;

    private TestServer(Javalin app, FakeRuns runs, LabCatalog labs, FakeApi fakeApi) {
        this.app = app;
        this.runs = runs;
        this.labs = labs;
        this.fakeApi = fakeApi;
    }

    public static LabCatalog labs() {
        return new LabCatalog(List.of(new FakeRidgeLab(), new FakeTinyLab()));
    }

    public static TestServer start(long stepMs, boolean mnistLocal, int dropFirstSocketAfter) {
        return start(stepMs, mnistLocal, dropFirstSocketAfter, 0);
    }

    /** @param port 0 for an ephemeral port */
    public static TestServer start(long stepMs, boolean mnistLocal, int dropFirstSocketAfter, int port) {
        LabCatalog labs = labs();
        FakeRuns runs = new FakeRuns(labs, stepMs);
        DataCatalog data = new FakeData(mnistLocal);
        Javalin app = WebApp.create(runs, labs, data);
        FakeApi api = platformApiPresent() ? null
                : FakeApi.register(app, runs, labs, new ThymeleafRunViews(new ThymeleafRenderer(false), labs), dropFirstSocketAfter);
        app.start("127.0.0.1", port);
        return new TestServer(app, runs, labs, api);
    }

    public static boolean platformApiPresent() {
        try {
            Class.forName("cheaplab.web.ApiRoutes");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public String url(String path) {
        return "http://127.0.0.1:" + app.port() + path;
    }

    @Override
    public void close() {
        app.stop();
    }
}

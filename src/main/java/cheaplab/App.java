package cheaplab;

import cheaplab.bench.Benchmarks;
import cheaplab.cli.Cli;
import cheaplab.core.LabCatalog;
import cheaplab.data.DataCatalog;
import cheaplab.data.DataUnavailableException;
import cheaplab.data.ImageDataset;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point and composition root: {@code java -jar cheap-learning-lab.jar [serve|run|labs|bench|help] …}
 * (see {@link Cli}). This is the one place that picks the implementations: the lab catalogue, the data
 * catalogue of a data directory, the benchmarks.
 */
public final class App {
    private App() {}

    public static void main(String[] args) {
        Cli cli = new Cli(LabCatalog::standard, App::dataCatalog, Benchmarks::all, System.in, System.out, System.err, System.getenv());
        System.exit(cli.execute(args));
    }

    /**
     * The data catalogue of {@code dataDir}. INTEGRATION POINT: return {@code new cheaplab.data.LocalDataCatalog(dataDir)}
     * once the data package lands; until then no data set is available and a lab asking for one fails with this
     * message (labs that need no data run normally).
     */
    static DataCatalog dataCatalog(Path dataDir) {
        return new DataCatalog() {
            @Override
            public List<String> ids() {
                return List.of();
            }

            @Override
            public boolean isLocal(String id) {
                return false;
            }

            @Override
            public ImageDataset images(String id) {
                throw new DataUnavailableException("no data catalogue is wired into this build (App.dataCatalog); data set '" + id + "' is unavailable");
            }
        };
    }
}

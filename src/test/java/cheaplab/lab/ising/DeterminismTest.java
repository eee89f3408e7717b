package cheaplab.lab.ising;

import cheaplab.core.Json;
import cheaplab.linalg.ComputeThreads;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A seeded run is exactly reproducible, and the updates give the same bits on one thread as on two. */
class DeterminismTest {

    @Test
    void sameSeedSameResultJsonOtherSeedOtherNumbers() throws Exception {
        IsingConfig cfg = new IsingConfig(List.of(8, 16), List.of(1.8, 2.3, 3.0), 0.0, "auto", 20, 40, 2, 2, 2, 42L);
        String a = Json.write(new IsingLab().run(cfg, new IsingRecordingContext(42L)));
        String b = Json.write(new IsingLab().run(cfg, new IsingRecordingContext(42L)));
        assertEquals(a, b);
        IsingConfig other = new IsingConfig(cfg.sizes(), cfg.temperatures(), 0.0, "auto", 20, 40, 2, 2, 2, 43L);
        assertNotEquals(a, Json.write(new IsingLab().run(other, new IsingRecordingContext(43L))));
    }

    @Test
    void oneAndTwoThreadsGiveTheSameLattice() throws Exception {
        int l = 128;
        for (double h : new double[]{0.0, 0.2}) {
            SpinLanes one = new SpinLanes(l), two = new SpinLanes(l);
            one.fillRandom(new java.util.SplittableRandom(1));
            two.copyFrom(one);
            CheckerboardMetropolis k = new CheckerboardMetropolis(2.3, h);
            try (ComputeThreads threads = ComputeThreads.open("test", 1)) {
                k.sweep(one, 99, 0, 5, null);
                k.sweep(two, 99, 0, 5, threads);
                assertArrayEquals(one.spins, two.spins, "metropolis h=" + h);
                WolffClusters w1 = new WolffClusters(l, 2.3, h, 5), w2 = new WolffClusters(l, 2.3, h, 5);
                w1.sweep(one, 2, null);
                w2.sweep(two, 2, threads);
                w1.fixClusterCounts(one);
                w2.fixClusterCounts(two);
                w1.sweep(one, 2, null);
                w2.sweep(two, 2, threads);
                assertArrayEquals(one.spins, two.spins, "wolff h=" + h);
            }
            SpinLanes fresh = new SpinLanes(l);
            fresh.fillRandom(new java.util.SplittableRandom(1));
            assertFalse(java.util.Arrays.equals(fresh.spins, one.spins), "the updates changed the lattice");
        }
    }
}

package cheaplab.linalg;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ComputeThreadsTest {

    @Test
    void blasIsSingleThreadedWhilePoolsAreOpen() throws Exception {
        int before = ComputeThreads.blasThreads();
        ComputeThreads a = ComputeThreads.open("a", 2);
        ComputeThreads b = ComputeThreads.open("b", 1);
        assertEquals(1, ComputeThreads.blasThreads());
        a.close();
        assertEquals(1, ComputeThreads.blasThreads(), "still one open pool");
        a.close(); // idempotent
        b.close();
        assertEquals(before, ComputeThreads.blasThreads(), "restored after the last pool");
    }

    @Test
    void lapackRunsOnTheWorkers() throws Exception {
        try (ComputeThreads pool = ComputeThreads.open("svd", 2)) {
            assertEquals(2, pool.workers());
            // a 600 × 600 divide-and-conquer SVD: needs the large stack of the compute threads
            double[] a = new double[600 * 600];
            for (int i = 0; i < 600; i++) for (int j = 0; j < 600; j++) a[i * 600 + j] = 1.0 / (i + j + 1) + (i == j ? 1 : 0);
            Future<double[]> s = pool.submit(() -> Lapack.singularValues(600, 600, a));
            String name = pool.call(() -> Thread.currentThread().getName());
            assertTrue(name.startsWith("svd-"), name);
            assertTrue(s.get()[599] >= 1 - 1e-12, "Hilbert + I is ≥ I");
        }
    }
}

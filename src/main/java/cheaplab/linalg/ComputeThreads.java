package cheaplab.linalg;

import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of compute threads for LAPACK work: each thread has an explicit 16 MB stack (OpenBLAS LAPACK
 * overflows Java's default stack and kills the JVM) and, while the pool is open, OpenBLAS runs
 * single-threaded, because the pool itself supplies the parallelism (two BLAS thread teams fighting over
 * two cores run several times slower; see DESIGN.md §4). Closing the pool restores the previous BLAS
 * thread count. Tasks run FIFO; callers that collect futures in submission order get results that do not
 * depend on scheduling. Pools may be open concurrently (two runs): BLAS stays single-threaded until the last
 * one closes.
 */
public final class ComputeThreads implements AutoCloseable {
    public static final long STACK_BYTES = 16L << 20;

    private static final Object BLAS_LOCK = new Object();
    private static int openPools;
    private static int blasThreadsBefore;

    private final ExecutorService pool;
    private final int workers;
    private boolean closed;

    private ComputeThreads(String name, int workers) {
        this.workers = workers;
        AtomicInteger count = new AtomicInteger();
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        ThreadFactory factory = r -> {
            Thread t = new Thread(group, r, name + "-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newFixedThreadPool(workers, factory);
        synchronized (BLAS_LOCK) {
            if (openPools++ == 0) {
                blasThreadsBefore = blasThreads();
                setBlasThreads(1);
            }
        }
    }

    /** A pool of {@code workers} threads (at least 1). */
    public static ComputeThreads open(String name, int workers) {
        return new ComputeThreads(name, Math.max(1, workers));
    }

    /** One worker per available processor. */
    public static ComputeThreads perCore(String name) {
        return open(name, Runtime.getRuntime().availableProcessors());
    }

    public int workers() {
        return workers;
    }

    /** The threads as an {@link java.util.concurrent.Executor}, e.g. for {@code CompletableFuture.supplyAsync}. */
    public java.util.concurrent.Executor executor() {
        return pool;
    }

    public <T> Future<T> submit(Callable<T> task) {
        return pool.submit(task);
    }

    /** Runs {@code task} on a compute thread and waits for it (for one-off LAPACK calls from a small-stack thread). */
    public <T> T call(Callable<T> task) throws Exception {
        try {
            return submit(task).get();
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) throw ex;
            if (c instanceof Error err) throw err;
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        synchronized (BLAS_LOCK) {
            if (closed) return;
            closed = true;
            if (--openPools == 0) setBlasThreads(blasThreadsBefore);
        }
    }

    /**
     * The OpenBLAS thread count last set through JavaCPP, or, if it never was (JavaCPP reports −1), OpenBLAS's
     * own start-up choice: OPENBLAS_NUM_THREADS, else OMP_NUM_THREADS, else one per core.
     */
    static int blasThreads() {
        Loader.load(openblas_nolapack.class);
        int n = openblas_nolapack.blas_get_num_threads();
        if (n > 0) return n;
        for (String v : new String[]{"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"}) {
            try {
                int e = Integer.parseInt(System.getenv().getOrDefault(v, "").trim());
                if (e > 0) return e;
            } catch (NumberFormatException ignored) {
                // unset or not a number: OpenBLAS ignores it too
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    static void setBlasThreads(int n) {
        if (n < 1) return;
        Loader.load(openblas_nolapack.class);
        if (openblas_nolapack.blas_get_num_threads() != n) openblas_nolapack.blas_set_num_threads(n);
    }
}

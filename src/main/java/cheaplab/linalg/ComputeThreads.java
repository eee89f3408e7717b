package cheaplab.linalg;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small pool of compute threads for LAPACK work, owned by one run: each thread has an explicit 16 MB stack
 * (OpenBLAS LAPACK overflows Java's default stack and kills the JVM). Tasks run FIFO; callers that collect
 * futures in submission order get results that do not depend on scheduling.
 *
 * <p>{@link #close()} ends the run's compute before it returns: tasks not yet started are dropped, running ones
 * are interrupted (they check between steps) and waited for, so a cancelled run never leaves LAPACK calls
 * running under the next job. The pool does not touch OpenBLAS's thread count: that is set once at start-up
 * ({@link OpenBlasLibraries#setThreads}), because changing it while another run's thread is inside OpenBLAS is
 * not safe.
 */
public final class ComputeThreads implements AutoCloseable {
    public static final long STACK_BYTES = 16L << 20;

    private final ExecutorService pool;
    private final int workers;

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

    /** Whether every task has ended (after {@link #close()}). */
    public boolean terminated() {
        return pool.isTerminated();
    }

    /**
     * Drops queued tasks, interrupts running ones and waits until they have returned. The wait is not
     * interruptible: a caller interrupted meanwhile keeps its interrupt flag, but returns only once no task of
     * this pool is inside native code.
     */
    @Override
    public void close() {
        pool.shutdownNow();
        boolean interrupted = false;
        while (true) {
            try {
                if (pool.awaitTermination(1, TimeUnit.SECONDS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /**
     * A compute task's check between two native calls: throws {@link cheaplab.core.CancelledException} once the task
     * was cancelled or its pool is closing (both interrupt it). A native call itself cannot be interrupted, so long
     * tasks check between the calls they are made of.
     */
    public static void checkInterrupted() {
        if (Thread.currentThread().isInterrupted()) throw new cheaplab.core.CancelledException();
    }
}

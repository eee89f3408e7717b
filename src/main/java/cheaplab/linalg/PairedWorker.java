package cheaplab.linalg;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs a two-part task — part 0 on the calling thread, part 1 on one helper thread — and returns when both are
 * done: a fork/join with a spin-then-park hand-off cheap enough to use twice per mini-batch update (a few µs when
 * both cores are free). The parts must be independent (disjoint data, their own random streams), so the results
 * never depend on where or in which order they run.
 *
 * <p>On a shared machine the helper's core may be busy with another thread or process; then every hand-off waits
 * for a scheduler time slice and fine-grained use becomes several times slower than one thread. The worker
 * watches for that: when the helper finishes late (its wait exceeds the caller's own part) {@value #LATE_LIMIT}
 * times in a row, both parts run on the caller for a while, after which concurrency is tried again. The while
 * starts at {@value #MIN_SEQUENTIAL} calls — a brief preemption (a JIT compiler thread, a daemon's time slice)
 * costs little — and doubles, up to {@value #MAX_SEQUENTIAL}, each time lateness returns within
 * {@value #CALM_CALLS} concurrent calls (lasting contention); after that many calm calls it starts small again.
 * With one processor, or after {@link #close()}, both parts always run on the caller.
 *
 * <p>The helper is a daemon thread with the compute threads' 16 MB stack ({@link ComputeThreads#STACK_BYTES}; OpenBLAS
 * can overflow small stacks). This and {@link ComputeThreads} are the lab's two ways to run native compute on more
 * than one thread: the pool for coarse tasks (one LAPACK decomposition each), this for fine-grained halves of one
 * step.
 */
public final class PairedWorker implements AutoCloseable {
    private static final int SPIN = 20_000;
    static final int LATE_LIMIT = 3;
    static final int MIN_SEQUENTIAL = 16;
    static final int MAX_SEQUENTIAL = 1024;
    static final int CALM_CALLS = 256;
    private static final long SLACK_NANOS = 100_000;

    private final Thread helper;
    private volatile Thread caller;
    private final AtomicInteger posted = new AtomicInteger(); // generation of the last posted task
    private final AtomicInteger done = new AtomicInteger();   // generation the helper finished
    private volatile IntConsumer task;
    private volatile Throwable failure;
    private volatile boolean closed;
    private int late, sequentialLeft, backoff = MIN_SEQUENTIAL, calm;
    private boolean lateBefore;
    private long concurrentCalls, sequentialCalls;

    public PairedWorker(String name) {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            helper = null;
            return;
        }
        helper = new Thread(null, this::loop, name, ComputeThreads.STACK_BYTES);
        helper.setDaemon(true);
        helper.start();
    }

    /** Runs {@code part.accept(0)} here and {@code part.accept(1)} on the helper; rethrows a failure of either. */
    public void run(IntConsumer part) {
        if (helper == null || closed || sequentialLeft > 0) {
            if (sequentialLeft > 0) sequentialLeft--;
            sequentialCalls++;
            part.accept(0);
            part.accept(1);
            return;
        }
        concurrentCalls++;
        caller = Thread.currentThread();
        task = part;
        failure = null;
        int generation = posted.incrementAndGet();
        LockSupport.unpark(helper);
        Throwable mine = null;
        long start = System.nanoTime();
        try {
            part.accept(0);
        } catch (Throwable t) {
            mine = t;
        }
        long own = System.nanoTime() - start;
        for (int i = 0; done.get() != generation; i++) {
            if (i < SPIN) Thread.onSpinWait();
            else LockSupport.parkNanos(this, 50_000);
        }
        long waited = System.nanoTime() - start - own;
        if (waited > own + SLACK_NANOS) {
            if (++late >= LATE_LIMIT) {
                late = 0;
                backoff = calm < CALM_CALLS && lateBefore ? Math.min(2 * backoff, MAX_SEQUENTIAL) : MIN_SEQUENTIAL;
                lateBefore = true;
                calm = 0;
                sequentialLeft = backoff;
            }
        } else {
            late = 0;
            calm++;
        }
        task = null;
        Throwable theirs = failure;
        if (mine != null) rethrow(mine);
        if (theirs != null) rethrow(theirs);
    }

    private void loop() {
        int seen = 0;
        while (!closed) {
            int generation = posted.get();
            if (generation == seen) {
                for (int i = 0; i < SPIN && posted.get() == seen && !closed; i++) Thread.onSpinWait();
                if (posted.get() == seen && !closed) LockSupport.park(this);
                continue;
            }
            try {
                task.accept(1);
            } catch (Throwable t) {
                failure = t;
            }
            seen = generation;
            done.set(generation);
            LockSupport.unpark(caller);
        }
    }

    /** Runs the next {@code calls} calls on the caller only (tests; the adaptive fallback does the same). */
    public void sequentialFor(int calls) {
        sequentialLeft = calls;
    }

    /** The length of the current or last sequential stretch (tests). */
    int backoff() {
        return backoff;
    }

    /** {concurrent, sequential} calls so far (for benchmarks and logs). */
    public long[] calls() {
        return new long[]{concurrentCalls, sequentialCalls};
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }

    /**
     * Stops the helper and waits until its thread has ended (it is idle between {@link #run} calls, so this is
     * quick): once closed, no part of this worker's task can still be running.
     */
    @Override
    public void close() {
        closed = true;
        if (helper == null) return;
        LockSupport.unpark(helper);
        boolean interrupted = false;
        while (helper.isAlive()) {
            try {
                helper.join(1_000);
            } catch (InterruptedException e) {
                interrupted = true;
            }
            LockSupport.unpark(helper);
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}

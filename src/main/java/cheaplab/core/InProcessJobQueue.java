package cheaplab.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded FIFO of jobs served by a fixed set of worker threads in this JVM. Workers have an explicit
 * 16 MB stack: OpenBLAS LAPACK routines overflow the JVM's default thread stack and would kill the process.
 * A job that throws anything is logged and the worker goes on to the next job.
 */
public final class InProcessJobQueue implements JobQueue {
    /** Stack size of worker threads (bytes). */
    public static final long WORKER_STACK_BYTES = 16L << 20;

    private static final Logger log = LoggerFactory.getLogger(InProcessJobQueue.class);

    private final int capacity;
    private final List<Thread> threads = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Waiting jobs by run id, in submission order. */
    private final LinkedHashMap<String, Runnable> waiting = new LinkedHashMap<>();
    private int running;
    private boolean shutdown;

    public InProcessJobQueue(int workers, int capacity) {
        if (workers < 1) throw new IllegalArgumentException("workers must be >= 1, was " + workers);
        if (capacity < 0) throw new IllegalArgumentException("queue capacity must be >= 0, was " + capacity);
        this.capacity = capacity;
        ThreadGroup group = new ThreadGroup("run-workers");
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(group, this::work, "run-worker-" + (i + 1), WORKER_STACK_BYTES);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    @Override
    public void submit(String runId, Runnable job) {
        lock.lock();
        try {
            if (shutdown) throw new IllegalStateException("the run queue is shut down");
            if (waiting.containsKey(runId)) throw new IllegalArgumentException("run " + runId + " is already queued");
            // A free worker takes the job at once, so it does not count against the waiting capacity.
            int idle = threads.size() - running - waiting.size();
            if (idle <= 0 && waiting.size() >= capacity) throw new QueueFullException(capacity);
            waiting.put(runId, job);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean remove(String runId) {
        lock.lock();
        try {
            return waiting.remove(runId) != null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public int workers() {
        return threads.size();
    }

    @Override
    public List<String> shutdown() {
        lock.lock();
        try {
            shutdown = true;
            List<String> ids = new ArrayList<>(waiting.keySet());
            waiting.clear();
            changed.signalAll();
            return ids;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (running > 0 || !waiting.isEmpty()) {
                if (left <= 0) return false;
                left = changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            Runnable job;
            lock.lock();
            try {
                while (waiting.isEmpty() && !shutdown) changed.awaitUninterruptibly();
                if (waiting.isEmpty()) return; // shut down and drained
                var it = waiting.entrySet().iterator();
                Map.Entry<String, Runnable> next = it.next();
                it.remove();
                job = next.getValue();
                running++;
            } finally {
                lock.unlock();
            }
            try {
                job.run();
            } catch (Throwable t) {
                // The job (RunService) reports failures itself; this is the last line of defence.
                log.error("job escaped with {}", t.toString(), t);
            } finally {
                lock.lock();
                try {
                    running--;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** For tests and diagnostics: waits for worker threads to exit after {@link #shutdown()}. */
    boolean joinWorkers(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread t : threads) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) return false;
            t.join(left);
            if (t.isAlive()) return false;
        }
        return true;
    }
}

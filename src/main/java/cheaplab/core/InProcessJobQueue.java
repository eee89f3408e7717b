package cheaplab.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded queue of jobs served by a fixed set of worker threads in this JVM, fair between owners: each owner's
 * jobs wait in submission order, and a free worker serves owners in turn (round-robin), skipping an owner that
 * already has {@link OwnerLimits#running()} jobs running, so one participant's burst never starves the others.
 * An owner may keep at most {@link OwnerLimits#queued()} jobs waiting ({@link QuotaExceededException}); the
 * queue as a whole at most {@code capacity} ({@link QueueFullException}). With one owner (the single-user lab)
 * this is the plain FIFO it always was. Workers have an explicit 16 MB stack: OpenBLAS LAPACK routines overflow
 * the JVM's default thread stack and would kill the process. A job that throws anything is logged and the worker
 * goes on to the next job.
 */
public final class InProcessJobQueue implements JobQueue {
    /** Stack size of worker threads (bytes). */
    public static final long WORKER_STACK_BYTES = 16L << 20;

    private static final Logger log = LoggerFactory.getLogger(InProcessJobQueue.class);

    /**
     * What one owner may hold: jobs running at once and jobs waiting. {@link #NONE} for a single-user lab.
     */
    public record OwnerLimits(int running, int queued) {
        public static final OwnerLimits NONE = new OwnerLimits(Integer.MAX_VALUE, Integer.MAX_VALUE);

        public OwnerLimits {
            if (running < 1) throw new IllegalArgumentException("an owner must be allowed a running job, was " + running);
            if (queued < 0) throw new IllegalArgumentException("queued must be >= 0, was " + queued);
        }
    }

    private record Job(String runId, String owner, Runnable body) {}

    private final int capacity;
    private final OwnerLimits limits;
    private final List<Thread> threads = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Waiting jobs by run id, in submission order (for remove, shutdown and counting). */
    private final LinkedHashMap<String, Job> waiting = new LinkedHashMap<>();
    /** Each owner's waiting jobs, oldest first. */
    private final Map<String, ArrayDeque<Job>> byOwner = new HashMap<>();
    /** Owners with waiting jobs, in the order they are served next. */
    private final ArrayDeque<String> turn = new ArrayDeque<>();
    private final Map<String, Integer> runningByOwner = new HashMap<>();
    private int running;
    private boolean shutdown;

    public InProcessJobQueue(int workers, int capacity) {
        this(workers, capacity, OwnerLimits.NONE);
    }

    public InProcessJobQueue(int workers, int capacity, OwnerLimits limits) {
        this.limits = limits;
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
        submit(runId, "", job);
    }

    @Override
    public void submit(String runId, String owner, Runnable job) {
        lock.lock();
        try {
            if (shutdown) throw new IllegalStateException("the run queue is shut down");
            if (waiting.containsKey(runId)) throw new IllegalArgumentException("run " + runId + " is already queued");
            ArrayDeque<Job> mine = byOwner.get(owner);
            int ownWaiting = mine == null ? 0 : mine.size();
            int ownRunning = runningByOwner.getOrDefault(owner, 0);
            // A job a free worker would take at once does not wait, so it counts against no waiting limit.
            boolean startsNow = ownWaiting == 0 && ownRunning < limits.running() && idleWorkers() > 0 && nothingRunnableWaits();
            if (!startsNow) {
                if (ownWaiting >= limits.queued())
                    throw new QuotaExceededException(ownRunning, ownWaiting, limits.running(), limits.queued());
                if (waiting.size() >= capacity) throw new QueueFullException(capacity);
            }
            Job j = new Job(runId, owner, job);
            waiting.put(runId, j);
            if (mine == null) {
                mine = new ArrayDeque<>();
                byOwner.put(owner, mine);
                turn.addLast(owner);
            }
            mine.addLast(j);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private int idleWorkers() {
        return threads.size() - running;
    }

    /** No waiting job that a free worker could take now (every waiting owner is at its running limit). */
    private boolean nothingRunnableWaits() {
        for (String o : turn) if (runningByOwner.getOrDefault(o, 0) < limits.running()) return false;
        return true;
    }

    @Override
    public boolean remove(String runId) {
        lock.lock();
        try {
            Job j = waiting.remove(runId);
            if (j == null) return false;
            ArrayDeque<Job> mine = byOwner.get(j.owner());
            mine.remove(j);
            if (mine.isEmpty()) {
                byOwner.remove(j.owner());
                turn.remove(j.owner());
            }
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many waiting jobs are served before {@code runId} if nothing else arrives (0 = next), by playing the
     * round-robin forward; -1 when it is not waiting. Running limits are not played (a worker may take a later
     * owner's job first while an owner is at its limit), so this is the order, not a schedule.
     */
    @Override
    public int position(String runId) {
        lock.lock();
        try {
            Job target = waiting.get(runId);
            if (target == null) return -1;
            Map<String, Iterator<Job>> its = new HashMap<>();
            for (Map.Entry<String, ArrayDeque<Job>> e : byOwner.entrySet()) its.put(e.getKey(), e.getValue().iterator());
            ArrayDeque<String> order = new ArrayDeque<>(turn);
            int before = 0;
            while (!order.isEmpty()) {
                String o = order.pollFirst();
                Iterator<Job> it = its.get(o);
                Job next = it.next();
                if (next == target) return before;
                before++;
                if (it.hasNext()) order.addLast(o);
            }
            return -1;
        } finally {
            lock.unlock();
        }
    }

    /** The next job by round-robin among owners below their running limit; null when none may start. */
    private Job takeNext() {
        for (Iterator<String> it = turn.iterator(); it.hasNext(); ) {
            String o = it.next();
            if (runningByOwner.getOrDefault(o, 0) >= limits.running()) continue;
            ArrayDeque<Job> mine = byOwner.get(o);
            Job j = mine.pollFirst();
            it.remove();
            if (mine.isEmpty()) byOwner.remove(o);
            else turn.addLast(o); // served: to the back of the line
            waiting.remove(j.runId());
            return j;
        }
        return null;
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
            byOwner.clear();
            turn.clear();
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
            Job job = null;
            lock.lock();
            try {
                while (!shutdown && (job = takeNext()) == null) changed.awaitUninterruptibly();
                if (job == null) return; // shut down: waiting jobs were handed back by shutdown()
                running++;
                runningByOwner.merge(job.owner(), 1, Integer::sum);
            } finally {
                lock.unlock();
            }
            try {
                job.body().run();
            } catch (Throwable t) {
                // The job (RunService) reports failures itself; this is the last line of defence.
                log.error("job escaped with {}", t.toString(), t);
            } finally {
                lock.lock();
                try {
                    running--;
                    runningByOwner.computeIfPresent(job.owner(), (o, n) -> n > 1 ? n - 1 : null);
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** For tests: waits until every job has run, then shuts the queue down. */
    void shutdownWhenIdle() throws InterruptedException {
        if (!awaitIdle(Duration.ofSeconds(30))) throw new IllegalStateException("jobs still running after 30 s");
        shutdown();
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

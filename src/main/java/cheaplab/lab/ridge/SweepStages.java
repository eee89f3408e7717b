package cheaplab.lab.ridge;

import cheaplab.core.CancelledException;
import cheaplab.core.RunContext;

import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for compute tasks from the run thread while honouring cancellation. Everything a run emits goes through
 * the run thread: tasks that stream points while they compute hand them over through a {@link Relay}.
 */
final class SweepStages {
    private SweepStages() {}

    /** Points handed from a compute task to the run thread, in the order the task produced them. */
    static final class Relay {
        private record Point(String series, Map<String, ?> values) {}

        private final BlockingQueue<Point> queue = new LinkedBlockingQueue<>();

        /** Called by the compute task. */
        void point(String series, Map<String, ?> values) {
            queue.add(new Point(series, values));
        }

        private void drainTo(RunContext ctx, long waitMillis) throws InterruptedException {
            Point p = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
            while (p != null) {
                ctx.point(p.series(), p.values());
                p = queue.poll();
            }
        }
    }

    /** As {@link #await(Future, RunContext)}, emitting on this thread the points the task relays meanwhile. */
    static <T> T await(Future<T> f, RunContext ctx, Relay relay) {
        try {
            while (!f.isDone() && !ctx.cancelled()) relay.drainTo(ctx, 50);
            T value = await(f, ctx);
            relay.drainTo(ctx, 0);
            return value;
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancelledException();
        }
    }

    /** The task's value; polls {@link RunContext#cancelled()} while waiting; rethrows the task's failure. */
    static <T> T await(Future<T> f, RunContext ctx) {
        while (true) {
            if (ctx.cancelled()) {
                f.cancel(true);
                throw new CancelledException();
            }
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) throw re;
                if (c instanceof Error err) throw err;
                throw new IllegalStateException(c);
            }
        }
    }
}

package cheaplab.lab.ridge;

import cheaplab.core.CancelledException;
import cheaplab.core.RunContext;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for compute tasks from the run thread while honouring cancellation. */
final class SweepStages {
    private SweepStages() {}

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

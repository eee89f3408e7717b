package cheaplab.lab.rbm;

import cheaplab.core.CancelledException;
import cheaplab.core.RunContext;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One RBM run computes at a time in this process; others wait their turn, first come first served, and stay
 * cancellable while they wait.
 *
 * <p>Why: two RBM runs computing at once (server with {@code --workers 2}) corrupted the native heap within a
 * minute ("corrupted double-linked list", SIGSEGV in libc; reproduced with and without AIS, never with one run at
 * a time), somewhere in libnd4j/OpenBLAS under four concurrent compute threads. Nothing is lost by the turn-taking:
 * each run already uses both cores (two worker threads), so two at once would only share them.
 */
final class RbmEngineLock {
    private static final ReentrantLock LOCK = new ReentrantLock(true);
    private static final long POLL_MILLIS = 200;

    private RbmEngineLock() {}

    /** Waits for the turn of {@code ctx}'s run, saying so once; throws {@link CancelledException} if cancelled meanwhile. */
    static void acquire(RunContext ctx) {
        boolean said = false;
        while (true) {
            ctx.checkCancelled();
            try {
                if (LOCK.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancelledException();
            }
            if (!said) {
                ctx.progress(0, "waiting for another RBM run to finish (one at a time; each uses both cores)");
                said = true;
            }
        }
    }

    static void release() {
        LOCK.unlock();
    }

    /** Whether some run holds the turn (tests). */
    static boolean held() {
        return LOCK.isLocked();
    }
}

package cheaplab.core;

/** The bounded job queue is full; the client should retry later. */
public final class QueueFullException extends RuntimeException {
    public QueueFullException(int capacity) {
        super("the run queue is full (" + capacity + " runs waiting); try again when a run finishes");
    }
}

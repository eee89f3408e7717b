package cheaplab.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The in-process {@link EventHub}: a replay buffer per run (every event since seq 1) and one
 * {@link EventMailbox} per subscriber. Runs that ended are kept for {@code retainEnded} more runs so a page
 * opened just after a run finished replays from memory; older ones are replayed from the store.
 */
public final class InMemoryEventHub implements EventHub {
    /** How far (in events) a subscriber may fall behind before it is dropped. */
    static final int MAILBOX_CAPACITY = 1 << 20;
    /** Delivery threads: a fixed few, whatever the number of subscribers (listeners must not block). */
    static final int DELIVERY_THREADS = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));

    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Boolean> released = new LinkedHashMap<>();
    private final int retainEnded;
    private final ExecutorService delivery;

    public InMemoryEventHub() {
        this(32);
    }

    public InMemoryEventHub(int retainEnded) {
        this.retainEnded = retainEnded;
        AtomicInteger n = new AtomicInteger();
        // A bounded pool, whatever the number of subscribers: each mailbox queues at most one drain task, and a
        // drain hands over at most one batch before going to the back of the queue, so a long replay cannot starve
        // live subscribers. Threads exist only while there is work. Listeners must not block (Runs.subscribe): a
        // listener that does holds one of these threads, never a publisher.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(DELIVERY_THREADS, DELIVERY_THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "run-events-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.delivery = pool;
    }

    private static final class Channel {
        final String runId;
        final ArrayList<RunEvent> buffer = new ArrayList<>();
        final List<EventMailbox> subscribers = new ArrayList<>();
        boolean ended;

        Channel(String runId) {
            this.runId = runId;
        }

        /** Index of the first buffered event with seq > after (seq of buffer[i] is i + 1). */
        int from(long after) {
            return (int) Math.max(0, Math.min(after, buffer.size()));
        }
    }

    @Override
    public void open(String runId) {
        if (channels.putIfAbsent(runId, new Channel(runId)) != null)
            throw new IllegalStateException("run " + runId + " is already open");
    }

    @Override
    public void publish(RunEvent event) {
        Channel ch = channels.get(event.runId());
        if (ch == null) throw new IllegalStateException("run " + event.runId() + " is not open");
        synchronized (ch) {
            if (ch.ended) throw new IllegalStateException("run " + event.runId() + " already ended");
            long expected = ch.buffer.size() + 1L;
            if (event.seq() != expected)
                throw new IllegalStateException("run " + event.runId() + ": seq " + event.seq() + ", expected " + expected);
            ch.buffer.add(event);
            for (Iterator<EventMailbox> it = ch.subscribers.iterator(); it.hasNext(); ) {
                if (!it.next().offer(event)) it.remove();
            }
            if (event.terminal()) {
                ch.ended = true;
                ch.subscribers.clear(); // nothing more will come; mailboxes still deliver what they hold
            }
        }
    }

    @Override
    public Optional<Runs.Subscription> subscribe(String runId, long afterSeq, Consumer<RunEvent> listener) {
        Channel ch = channels.get(runId);
        if (ch == null) return Optional.empty();
        EventMailbox box = new EventMailbox(runId, afterSeq, listener, delivery, MAILBOX_CAPACITY);
        synchronized (ch) {
            box.offerAll(ch.buffer.subList(ch.from(afterSeq), ch.buffer.size()));
            if (!ch.ended && !box.isClosed()) {
                ch.subscribers.add(box);
                box.onClose(() -> {
                    synchronized (ch) {
                        ch.subscribers.remove(box);
                    }
                });
            }
        }
        return Optional.of(box);
    }

    @Override
    public Runs.Subscription deliver(String runId, List<RunEvent> events, Consumer<RunEvent> listener) {
        EventMailbox box = new EventMailbox(runId, 0, listener, delivery, Math.max(MAILBOX_CAPACITY, events.size() + 1));
        box.offerAll(events);
        return box;
    }

    @Override
    public Optional<List<RunEvent>> events(String runId, long afterSeq) {
        Channel ch = channels.get(runId);
        if (ch == null) return Optional.empty();
        synchronized (ch) {
            return Optional.of(List.copyOf(ch.buffer.subList(ch.from(afterSeq), ch.buffer.size())));
        }
    }

    @Override
    public void release(String runId) {
        synchronized (released) {
            released.put(runId, Boolean.TRUE);
            while (released.size() > retainEnded) {
                var it = released.keySet().iterator();
                String oldest = it.next();
                it.remove();
                channels.remove(oldest);
            }
        }
    }

    @Override
    public void discard(String runId) {
        channels.remove(runId);
    }

    /** Runs currently held in memory (open or recently ended). */
    public int size() {
        return channels.size();
    }

    @Override
    public void close() {
        delivery.shutdown();
    }
}

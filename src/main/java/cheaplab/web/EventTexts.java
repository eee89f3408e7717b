package cheaplab.web;

import cheaplab.core.Json;
import cheaplab.core.RunEvent;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON text of recent events, shared by every socket of a run: an event goes to many sockets, and writing its
 * JSON once instead of once per socket is most of the server's CPU with 200 sockets. Bounded: past
 * {@link #CAPACITY} entries the cache starts over (a miss only costs a fresh write).
 */
final class EventTexts {
    static final int CAPACITY = 8192;

    private record Key(String runId, int attempt, long seq) {}

    private final ConcurrentHashMap<Key, String> texts = new ConcurrentHashMap<>();

    String text(RunEvent e) {
        Key k = new Key(e.runId(), e.attempt(), e.seq());
        String t = texts.get(k);
        if (t != null) return t;
        if (texts.size() >= CAPACITY) texts.clear();
        t = Json.write(e);
        String raced = texts.putIfAbsent(k, t);
        return raced != null ? raced : t;
    }
}

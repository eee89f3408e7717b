package cheaplab.testlabs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/** Named latches tests open to let a {@link SlowLab} run past its start. */
public final class Gates {
    private static final ConcurrentHashMap<String, CountDownLatch> GATES = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<String, CountDownLatch> ARRIVED = new ConcurrentHashMap<>();

    private Gates() {}

    static CountDownLatch gate(String name) {
        return GATES.computeIfAbsent(name, k -> new CountDownLatch(1));
    }

    /** Counted down when a run reaches the gate. */
    public static CountDownLatch arrived(String name) {
        return ARRIVED.computeIfAbsent(name, k -> new CountDownLatch(1));
    }

    public static void open(String name) {
        gate(name).countDown();
    }
}

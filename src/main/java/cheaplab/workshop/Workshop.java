package cheaplab.workshop;

import cheaplab.core.ConfigException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One running workshop: its plan, the step everyone is on, who joined (participant id → display name), what each
 * predicted at each step, the runs they made at each step and the runs the instructor shared with the class.
 * Thread-safe (every method locks the workshop); {@link #version()} grows with every change, so a page polling
 * the state can tell at a glance whether anything moved.
 */
public final class Workshop {
    public static final int MAX_NAME = 40;
    public static final int MAX_MEMBERS = 1000;

    /** A participant who joined. */
    public record Member(String id, String name, Instant joined) {}

    /** A participant's prediction at a step. */
    public record Prediction(int step, String participant, String value, Instant at) {}

    /** A run a participant made at a step. */
    public record StepRun(int step, String participant, String runId, Instant at) {}

    private final String code;
    private final WorkshopPlan plan;
    private final String instructor;
    private final Instant created;
    private int current;
    private long version;
    private final Map<String, Member> members = new LinkedHashMap<>();
    private final Map<String, Prediction> predictions = new LinkedHashMap<>();
    private final List<StepRun> runs = new ArrayList<>();
    private final Set<String> shared = new LinkedHashSet<>();

    Workshop(String code, WorkshopPlan plan, String instructor, Instant created) {
        this.code = code;
        this.plan = plan;
        this.instructor = instructor;
        this.created = created;
    }

    public String code() {
        return code;
    }

    public String title() {
        return plan.title();
    }

    public List<WorkshopStep> steps() {
        return plan.steps();
    }

    public WorkshopPlan plan() {
        return plan;
    }

    /** The participant id of the instructor session that created it. */
    public String instructor() {
        return instructor;
    }

    public Instant created() {
        return created;
    }

    public synchronized int current() {
        return current;
    }

    public synchronized WorkshopStep currentStep() {
        return plan.steps().get(current);
    }

    public synchronized long version() {
        return version;
    }

    /** Moves everyone to step {@code index} (0-based). @throws ConfigException naming {@code step} when out of range */
    public synchronized void push(int index) {
        if (index < 0 || index >= plan.steps().size())
            throw new ConfigException("step", "must be from 1 to " + plan.steps().size() + ", was " + (index + 1));
        if (index != current) {
            current = index;
            version++;
        }
    }

    /**
     * Joins (or renames) a participant. A blank name becomes "Participant n"; control characters are dropped.
     *
     * @throws ConfigException naming {@code name} when too long, or when the workshop is full
     */
    public synchronized Member join(String participant, String name) {
        String clean = name == null ? "" : name.replaceAll("\\p{Cntrl}", "").strip();
        if (clean.length() > MAX_NAME) throw new ConfigException("name", "must be at most " + MAX_NAME + " characters");
        Member old = members.get(participant);
        if (old == null && members.size() >= MAX_MEMBERS)
            throw new ConfigException("name", "this workshop is full (" + MAX_MEMBERS + " participants)");
        if (clean.isEmpty()) clean = old != null ? old.name() : "Participant " + (members.size() + 1);
        Member m = new Member(participant, clean, old != null ? old.joined() : Instant.now());
        members.put(participant, m);
        version++;
        return m;
    }

    public synchronized Optional<Member> member(String participant) {
        return Optional.ofNullable(members.get(participant));
    }

    public synchronized List<Member> members() {
        return List.copyOf(members.values());
    }

    /**
     * Records a member's prediction at the current step (replacing an earlier one) and returns it as stored.
     *
     * @throws ConfigException {@code value} not an answer to the step's question; {@code prediction} when the step asks none
     */
    public synchronized Prediction predict(String participant, String value) {
        WorkshopStep step = currentStep();
        if (step.prediction() == null) throw new ConfigException("prediction", "step " + (current + 1) + " asks for no prediction");
        Prediction p = new Prediction(current, participant, step.prediction().accept(value), Instant.now());
        predictions.put(current + ":" + participant, p);
        version++;
        return p;
    }

    public synchronized Optional<Prediction> prediction(int step, String participant) {
        return Optional.ofNullable(predictions.get(step + ":" + participant));
    }

    public synchronized List<Prediction> predictions() {
        return List.copyOf(predictions.values());
    }

    /** Records that {@code participant} submitted {@code runId} at the current step; returns that step. */
    public synchronized int addRun(String participant, String runId) {
        runs.add(new StepRun(current, participant, runId, Instant.now()));
        version++;
        return current;
    }

    public synchronized List<StepRun> runs() {
        return List.copyOf(runs);
    }

    /** The runs of step {@code index}, oldest first. */
    public synchronized List<StepRun> runsOf(int index) {
        return runs.stream().filter(r -> r.step() == index).toList();
    }

    public synchronized Optional<StepRun> run(String runId) {
        return runs.stream().filter(r -> r.runId().equals(runId)).findFirst();
    }

    /** Shares one of the workshop's runs with every member. @throws ConfigException {@code run} not of this workshop */
    public synchronized void share(String runId) {
        if (run(runId).isEmpty()) throw new ConfigException("run", "run " + cheaplab.core.Excerpt.of(runId) + " was not made in this workshop");
        if (shared.add(runId)) version++;
    }

    public synchronized boolean isShared(String runId) {
        return shared.contains(runId);
    }

    public synchronized List<String> shared() {
        return List.copyOf(shared);
    }
}

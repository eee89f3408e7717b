package cheaplab.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * A run's expected duration before it starts, and the refusal of one that would not fit the deployment's cap on a
 * run ({@code --max-run-seconds}). The lab says how much work a config is ({@link Lab#cost}); this server's own
 * finished runs of that lab say how many seconds a unit of work takes here (the median over the recent runs that
 * took at least {@value #MIN_CALIBRATION_SECONDS} s, so that start-up costs of tiny runs do not inflate the rate).
 * With fewer than {@value #MIN_RUNS} such runs nothing is predicted and nothing refused. A config is refused up
 * front when its prediction exceeds the cap by more than {@value #MARGIN}× — a run between the cap and that is let
 * through and, if the estimate was right, ends as {@code timed-out} with its history kept.
 */
public final class RunTimeModel {
    static final double MIN_CALIBRATION_SECONDS = 1.0;
    static final int MIN_RUNS = 2;
    static final double MARGIN = 1.5;

    private RunTimeModel() {}

    /** Expected seconds of {@code config} from {@code history} (any labs, any statuses); empty when unknown. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static OptionalDouble seconds(Lab lab, Record config, List<RunRecord> history) {
        Cost cost = lab.cost(config);
        if (cost == null) return OptionalDouble.empty();
        List<Double> rates = new ArrayList<>();
        for (RunRecord r : history) {
            if (!r.lab().equals(lab.id()) || r.status() != RunStatus.FINISHED || r.started() == null || r.finished() == null) continue;
            double s = Duration.between(r.started(), r.finished()).toNanos() / 1e9;
            if (s < MIN_CALIBRATION_SECONDS) continue;
            try {
                Cost past = lab.cost(ConfigBinder.bind(lab, r.config()));
                if (past != null) rates.add(s / past.work());
            } catch (RuntimeException e) {
                // a run of an older config format: it says nothing about this one
            }
        }
        if (rates.size() < MIN_RUNS) return OptionalDouble.empty();
        rates.sort(null);
        int n = rates.size();
        double median = n % 2 == 1 ? rates.get(n / 2) : (rates.get(n / 2 - 1) + rates.get(n / 2)) / 2;
        return OptionalDouble.of(cost.work() * median);
    }

    /** @throws ConfigException naming the cost's first knob, when the prediction is over {@link #MARGIN} × the cap */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void refuseOverCap(Lab lab, Record config, List<RunRecord> history, Duration cap) {
        if (cap == null) return;
        OptionalDouble s = seconds(lab, config, history);
        if (s.isEmpty() || s.getAsDouble() <= MARGIN * cap.toSeconds()) return;
        Cost cost = lab.cost(config);
        List<String> knobs = cost.knobs();
        String turn = knobs.size() == 1 ? knobs.get(0) : String.join(", ", knobs.subList(0, knobs.size() - 1)) + " or " + knobs.get(knobs.size() - 1);
        throw new ConfigException(knobs.get(0), String.format(java.util.Locale.ROOT,
                "this config would run about %s on this server (from its recent %s runs), over the %d s cap on a run; make %s smaller",
                WaitEstimate.text(Math.round(s.getAsDouble())).replace("about ", ""), lab.id(), cap.toSeconds(), turn));
    }
}

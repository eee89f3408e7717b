package cheaplab.workshop;

import cheaplab.core.Json;
import cheaplab.core.Lab;
import cheaplab.core.LabCatalog;
import cheaplab.core.Outcome;
import cheaplab.core.RunExport;
import cheaplab.core.RunJson;
import cheaplab.core.RunRecord;
import cheaplab.core.Runs;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * A workshop taken home: as JSON (the plan, who joined, every prediction, every run with its config, status,
 * result and outcome) or as CSV (one row per run, with the participant's prediction at that step beside the run's
 * outcome — the table a class discussion starts from).
 */
public final class WorkshopExport {
    private WorkshopExport() {}

    public static ObjectNode json(Workshop w, Runs runs, LabCatalog labs) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("code", w.code());
        o.put("title", w.title());
        o.put("created", w.created().toString());
        o.put("currentStep", w.current() + 1);
        ArrayNode steps = o.putArray("steps");
        for (WorkshopStep s : w.steps()) steps.add(Json.tree(s));
        ArrayNode members = o.putArray("participants");
        for (Workshop.Member m : w.members()) {
            ObjectNode x = members.addObject();
            x.put("id", m.id());
            x.put("name", m.name());
            x.put("joined", m.joined().toString());
        }
        ArrayNode predictions = o.putArray("predictions");
        for (Workshop.Prediction p : w.predictions()) {
            ObjectNode x = predictions.addObject();
            x.put("step", p.step() + 1);
            x.put("participant", p.participant());
            x.put("value", p.value());
            x.put("at", p.at().toString());
        }
        ArrayNode arr = o.putArray("runs");
        for (Workshop.StepRun r : w.runs()) {
            ObjectNode x = arr.addObject();
            x.put("step", r.step() + 1);
            x.put("participant", r.participant());
            Optional<RunRecord> rec = runs.find(r.runId());
            x.put("shared", w.isShared(r.runId()));
            if (rec.isEmpty()) {
                x.put("id", r.runId());
                x.put("status", "deleted");
                continue;
            }
            double outcome = outcome(w.steps().get(r.step()), rec.get(), labs);
            if (Double.isFinite(outcome)) x.put("outcome", outcome);
            else x.putNull("outcome");
            x.setAll(RunJson.of(rec.get()));
        }
        return o;
    }

    /** RFC 4180 (CRLF, quoted where needed): step, participant, name, prediction, run, status, outcome, config. */
    public static String csv(Workshop w, Runs runs, LabCatalog labs) {
        StringBuilder sb = new StringBuilder("step,step_title,participant,name,prediction,run_id,status,outcome_name,outcome,config\r\n");
        for (Workshop.StepRun r : w.runs()) {
            WorkshopStep step = w.steps().get(r.step());
            Optional<RunRecord> rec = runs.find(r.runId());
            String name = w.member(r.participant()).map(Workshop.Member::name).orElse("");
            String prediction = w.prediction(r.step(), r.participant()).map(Workshop.Prediction::value).orElse("");
            double outcome = rec.map(x -> outcome(step, x, labs)).orElse(Double.NaN);
            sb.append(r.step() + 1).append(',').append(RunExport.field(step.title())).append(',').append(r.participant()).append(',')
                    .append(RunExport.field(name)).append(',').append(RunExport.field(prediction)).append(',').append(r.runId()).append(',')
                    .append(rec.map(x -> x.status().wire()).orElse("deleted")).append(',')
                    .append(step.outcome() == null ? "" : step.outcome()).append(',')
                    .append(Double.isFinite(outcome) ? Double.toString(outcome) : "").append(',')
                    .append(RunExport.field(rec.map(x -> Json.write(x.config())).orElse(""))).append("\r\n");
        }
        return sb.toString();
    }

    /** The step's outcome of a finished run; NaN when the step names none or the run has no result. */
    public static double outcome(WorkshopStep step, RunRecord run, LabCatalog labs) {
        if (step.outcome() == null || run.result() == null) return Double.NaN;
        Optional<Lab<?, ?>> lab = labs.find(step.lab());
        if (lab.isEmpty()) return Double.NaN;
        return lab.get().outcomes().stream().filter(o -> o.name().equals(step.outcome())).findFirst()
                .map(o -> o.valueOf(run.result())).orElse(Double.NaN);
    }

    /** The label of the step's outcome, or null. */
    public static String outcomeLabel(WorkshopStep step, LabCatalog labs) {
        if (step.outcome() == null) return null;
        return labs.find(step.lab()).flatMap(l -> l.outcomes().stream().filter(o -> o.name().equals(step.outcome())).findFirst())
                .map(Outcome::label).orElse(null);
    }
}

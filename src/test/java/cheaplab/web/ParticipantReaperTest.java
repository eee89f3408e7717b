package cheaplab.web;

import cheaplab.core.InProcessJobQueue;
import cheaplab.core.RunStatus;
import cheaplab.testlabs.Await;
import cheaplab.testlabs.Gates;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs of participants who left are reaped: a session quiet for longer than the limit, with no open run stream,
 * loses its running and waiting runs; someone still polling, someone watching a stream and the instructor keep theirs.
 */
class ParticipantReaperTest {
    private static final String TOKEN = "reaper-instructor-token-0123456789";
    private static final Duration AFTER = Duration.ofMinutes(10);

    @Test
    void quietParticipantsWithoutAStreamLoseTheirRunsOthersKeepThem() throws Exception {
        Participants participants = Participants.workshop();
        try (WebHarness web = new WebHarness(WebHarness.ridgeAndTestLabs(), 2, 16, InstructorToken.of(TOKEN),
                new InProcessJobQueue.OwnerLimits(1, 2), RateLimits.Settings.NONE, participants)) {
            String g = "reaper-" + System.nanoTime();
            SessionClient gone = new SessionClient(web);
            SessionClient watching = new SessionClient(web);
            SessionClient teacher = new SessionClient(web);
            assertEquals(303, teacher.login(TOKEN).statusCode());
            String goneRunning = gone.submit("slow", "{\"gate\": \"" + g + "\"}");
            String goneQueued = gone.submit("slow", "{\"steps\": 1}");
            String watched = watching.submit("slow", "{\"gate\": \"" + g + "\"}");
            String teachers = teacher.submit("slow", "{\"gate\": \"" + g + "\"}");
            Await.latch(Gates.arrived(g), "a gated run started");
            String watcherId = web.runs.find(watched).orElseThrow().owner();
            try {
                ParticipantReaper reaper = new ParticipantReaper(web.runs, participants, () -> Set.of(watcherId), AFTER);
                long now = System.currentTimeMillis();
                assertEquals(List.of(), reaper.sweep(now), "everyone made a request a moment ago");
                List<String> reaped = reaper.sweep(now + AFTER.toMillis() + 1000);
                assertEquals(Set.of(goneRunning, goneQueued), Set.copyOf(reaped));
                Await.terminal(web.runs, goneRunning);
                assertEquals(RunStatus.CANCELLED, web.runs.find(goneRunning).orElseThrow().status());
                assertEquals(RunStatus.CANCELLED, web.runs.find(goneQueued).orElseThrow().status());
                assertTrue(!web.runs.find(watched).orElseThrow().status().terminal(), "a participant with an open stream stays");
                assertTrue(!web.runs.find(teachers).orElseThrow().status().terminal(), "an instructor's runs are never reaped");
            } finally {
                Gates.open(g);
            }
            Await.terminal(web.runs, watched);
            Await.terminal(web.runs, teachers);
        }
    }
}

package cheaplab.soak;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak's judgement and plan, on made-up evidence (the soak itself is run by hand: docs/benchmarks.md). */
class SoakVerdictTest {
    private static final long MIB = 1 << 20;

    private static SoakOutcome outcome(int i, SoakPlan.Action action, String status, int cancelAnswer) {
        SoakPlan.Step step = new SoakPlan.Step(i, "ridge", Map.of(), action, 0);
        return new SoakOutcome(step, "r" + i, status, cancelAnswer, -1, 1000, "closed 1000", true, false);
    }

    private static List<SoakOutcome> clean() {
        List<SoakOutcome> l = new ArrayList<>();
        for (int i = 0; i < 20; i++) l.add(outcome(i, SoakPlan.Action.WATCH, "finished", 0));
        l.add(outcome(20, SoakPlan.Action.CANCEL, "cancelled", 202));
        l.add(outcome(21, SoakPlan.Action.CANCEL, "finished", 409));
        return l;
    }

    private static SoakVerdict.Evidence evidence(List<SoakOutcome> o, boolean alive, int exit, String log, long ten, long end) {
        return new SoakVerdict.Evidence(o, alive, exit, log, List.of(), ten * MIB, end * MIB);
    }

    @Test
    void aCleanSoakPasses() {
        assertEquals(List.of(), SoakVerdict.failures(evidence(clean(), true, 143, "INFO started\nINFO run finished\n", 1000, 1190)));
    }

    @Test
    void residentGrowthOverTwentyPercentFails() {
        List<String> f = SoakVerdict.failures(evidence(clean(), true, 0, "", 1000, 1210));
        assertEquals(1, f.size(), f.toString());
        assertTrue(f.get(0).contains("21.0%"), f.get(0));
    }

    @Test
    void glibcAndJvmFaultMessagesFail() {
        for (String fault : List.of("free(): invalid pointer", "malloc(): corrupted top size", "double free or corruption (out)",
                "# A fatal error has been detected by the Java Runtime Environment:", "#  SIGSEGV (0xb) at pc=0x00007f")) {
            List<String> f = SoakVerdict.failures(evidence(clean(), true, 0, "INFO ok\n" + fault + "\nmore\n", 1000, 1000));
            assertEquals(1, f.size(), fault + " → " + f);
            assertTrue(f.get(0).contains(fault.strip()), f.get(0));
        }
    }

    @Test
    void aDeadServerAnUncleanExitAndCrashFilesFail() {
        List<String> f = SoakVerdict.failures(new SoakVerdict.Evidence(clean(), false, 134, "", List.of("hs_err_pid7.log"),
                1000 * MIB, 1000 * MIB));
        assertEquals(3, f.size(), f.toString());
    }

    @Test
    void aRunThatEndsOtherwiseThanPlannedFails() {
        List<SoakOutcome> o = clean();
        o.set(3, outcome(3, SoakPlan.Action.WATCH, "failed", 0));
        o.set(4, outcome(4, SoakPlan.Action.CLOSE_SOCKET, "cancelled", 0)); // a dropped socket must not cancel the run
        o.set(20, outcome(20, SoakPlan.Action.CANCEL, "failed", 202));
        assertEquals(3, SoakVerdict.failures(evidence(o, true, 0, "", 1000, 1000)).size());
    }

    @Test
    void anAcceptedCancelMustEndCancelledAndAWatcherMustSeeEveryEvent() {
        List<SoakOutcome> o = clean();
        o.set(20, outcome(20, SoakPlan.Action.CANCEL, "finished", 202)); // the cancel was accepted, then lost
        SoakPlan.Step watch = new SoakPlan.Step(5, "rbm", Map.of(), SoakPlan.Action.WATCH, 0);
        o.set(5, new SoakOutcome(watch, "r5", "finished", 0, -1, 1000, "closed 1006", false, false));
        SoakPlan.Step gap = new SoakPlan.Step(6, "rbm", Map.of(), SoakPlan.Action.WATCH, 0);
        o.set(6, new SoakOutcome(gap, "r6", "finished", 0, -1, 1000, "closed 1000", true, true));
        List<String> f = SoakVerdict.failures(evidence(o, true, 0, "", 1000, 1000));
        assertEquals(3, f.size(), f.toString());
        assertTrue(f.get(0).contains("missed the end event (closed 1006)"), f.get(0));
        assertTrue(f.get(1).contains("saw a gap"), f.get(1));
    }

    @Test
    void thePlanMixesEveryLabAndActionAndIsSeeded() {
        List<SoakPlan.Step> p = SoakPlan.of(48, Set.of("ridge", "rbm"), 7);
        assertEquals(48, p.size());
        for (SoakPlan.Action a : SoakPlan.Action.values()) {
            for (String lab : List.of("ridge", "rbm")) {
                assertTrue(p.stream().anyMatch(s -> s.action() == a && s.lab().equals(lab)), a + " " + lab);
            }
        }
        assertEquals(p, SoakPlan.of(48, Set.of("ridge", "rbm"), 7));
        assertTrue(!p.equals(SoakPlan.of(48, Set.of("ridge", "rbm"), 8)));
    }

    @Test
    void optionsAreRangeChecked() {
        Path jar = Path.of("lab.jar");
        assertEquals(3, SoakOptions.parse(List.of("--workers", "3"), jar).workers());
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(List.of("--runs", "5"), jar));
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(List.of("--labs", "hopfield"), jar));
        assertEquals(Set.of("mlp"), SoakOptions.parse(List.of("--labs", "mlp"), jar).labs());
        assertEquals(Set.of("ridge", "rbm", "mlp"), SoakOptions.parse(List.of(), jar).labs());
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(List.of("--heap", "lots"), jar));
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(List.of("--workers"), jar));
        assertThrows(IllegalArgumentException.class, () -> SoakOptions.parse(List.of(), null));
    }

    @Test
    void procStatusFieldsAreRead() {
        String status = "Name:\tjava\nVmRSS:\t  123456 kB\nThreads:\t42\n";
        assertEquals("123456 kB", ProcStatus.field(status, "VmRSS:"));
        assertEquals("42", ProcStatus.field(status, "Threads:"));
        assertTrue(ProcStatus.residentBytes(ProcessHandle.current().pid()) > 0);
    }
}

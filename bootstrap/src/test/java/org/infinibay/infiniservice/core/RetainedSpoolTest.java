package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.application.service.outbound.RetainedSpool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable spool of retained lines and of the running script, on a real state directory. */
class RetainedSpoolTest {
    @TempDir
    Path dir;

    private RetainedSpool reopened() {
        RetainedSpool s = new RetainedSpool(new FileStateStore(dir));
        s.load();
        return s;
    }

    @Test
    void aWrittenLineIsMarkedWithOneUnsyncedAppendAndNeverComesBack() throws Exception {
        RecordingStateStore store = new RecordingStateStore(new FileStateStore(dir));
        RetainedSpool spool = new RetainedSpool(store);
        spool.load();
        long a = spool.add("agent_event", "{\"n\":1}");
        long b = spool.add("agent_event", "{\"n\":2}");
        store.calls.clear();
        spool.remove(a);
        assertEquals(List.of("appendUnsynced outbound-spool.log"), store.calls,
                "the writer's mark is one write(2): no fsync, no rename on its path");
        List<RetainedSpool.Pending> left = reopened().load();
        assertEquals(1, left.size());
        assertEquals(b, left.get(0).seq());
    }

    @Test
    void aQueuedLineIsSyncedBeforeAddReturns() throws Exception {
        RecordingStateStore store = new RecordingStateStore(new FileStateStore(dir));
        RetainedSpool spool = new RetainedSpool(store);
        spool.load();
        store.calls.clear();
        spool.add("script_completion", "{\"execution_id\":\"x\"}");
        assertEquals(List.of("appendUnsynced outbound-spool.log", "sync outbound-spool.log"), store.calls);
    }

    @Test
    void aRecordTornByACrashIsIgnoredNotSentHalf() throws Exception {
        Files.writeString(dir.resolve("outbound-spool.log"), "+1 agent_event {\"n\":1}\n+2 script_completion {\"execution_i",
                StandardCharsets.US_ASCII);
        List<RetainedSpool.Pending> left = reopened().load();
        assertEquals(1, left.size());
        assertEquals("{\"n\":1}", left.get(0).bodyJson());
    }

    @Test
    void aScriptRunningWhenTheAgentDiedIsReportedOnceAndItsCompletionEndsIt() throws Exception {
        RetainedSpool spool = reopened();
        spool.runStarted("s1-1", 1000, "exec-\u00e9 1", "script-1", "Name with spaces");
        // the agent dies here: the next one finds the run
        RetainedSpool next = reopened();
        List<RetainedSpool.InterruptedRun> runs = next.interruptedRuns();
        assertEquals(1, runs.size());
        assertEquals(new RetainedSpool.InterruptedRun("s1-1", 1000, "exec-\u00e9 1", "script-1", "Name with spaces"),
                runs.get(0));
        next.endRun("s1-1", () -> next.add("script_completion", "{\"execution_id\":\"exec 1\"}"));
        assertEquals(0, next.runningScripts());
        // the completion is queued and the run is over, in one record: after another death, one line, no run
        RetainedSpool third = reopened();
        assertEquals(List.of(), third.interruptedRuns());
        assertEquals(1, third.size());
    }

    @Test
    void theRunEndsOnlyWithACompletionFromTheEndingThread() throws Exception {
        RetainedSpool spool = reopened();
        spool.runStarted("s1-2", 1, "e2", null, "n");
        spool.endRun("s1-2", () -> {
            spool.add("agent_event", "{}"); // not a completion
            Thread other = new Thread(() -> spool.add("script_completion", "{\"execution_id\":\"someone-else\"}"));
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(1, spool.runningScripts(), "another thread's completion does not end this run");
        spool.endRun("s1-2", () -> { }); // the queue was closed: nothing added
        assertEquals(1, reopened().interruptedRuns().size(), "left for the next agent to complete");
    }

    @Test
    void compactionKeepsTheRunAndDropsWrittenLines() throws Exception {
        RetainedSpool spool = reopened();
        spool.runStarted("s1-3", 5, "e3", "sid", "n");
        String big = "{\"x\":\"" + "a".repeat(70_000) + "\"}";
        long seq = spool.add("agent_event", big);
        spool.remove(seq); // nothing pending, log over the bound: rewritten with the run only
        long size = Files.size(dir.resolve("outbound-spool.log"));
        assertTrue(size < 200, "compacted: " + size + " bytes");
        assertEquals(1, reopened().interruptedRuns().size());
        RetainedSpool again = reopened();
        long[] completion = new long[1];
        again.endRun("s1-3", () -> completion[0] = again.add("script_completion", "{}"));
        long done = again.add("agent_event", big);
        again.remove(done);
        again.remove(completion[0]);
        assertFalse(Files.exists(dir.resolve("outbound-spool.log")), "nothing live: the log is deleted");
    }
}

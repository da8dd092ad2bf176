package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import java.util.Set;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.LaunchSpec;
import org.infinibay.infiniservice.application.port.out.LaunchedProcess;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.exec.RunLedger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The record of running programs in the state directory, across agent processes. */
class RunLedgerTest {
    @TempDir
    Path dir;

    @Test
    void whatADeadProcessLeftOpenIsHandedOutOnceAndOnlyThat() throws Exception {
        RecordingStateStore store = new RecordingStateStore(new FileStateStore(dir));
        RunLedger dead = new RunLedger(store);
        dead.started("c1-1", "cgroup2 /sys/fs/cgroup/x/exec-c1-1");
        dead.started("c1-2", "pgid 42 1000");
        dead.ended("c1-1");
        assertEquals(List.of("appendUnsynced running-programs.log", "appendUnsynced running-programs.log",
                "appendUnsynced running-programs.log"), store.calls, "one write(2) per record, no fsync");
        // the agent dies; the next one records a run of its own before it recovers
        RunLedger next = new RunLedger(new FileStateStore(dir));
        next.started("c2-1", "cgroup2 /sys/fs/cgroup/x/exec-c2-1");
        assertEquals(Map.of("c1-2", "pgid 42 1000"), next.takeLeftovers());
        assertEquals(Map.of(), next.takeLeftovers(), "handed out once");
        // and after another death only the live run of the second process is left
        assertEquals(Map.of("c2-1", "cgroup2 /sys/fs/cgroup/x/exec-c2-1"), new RunLedger(new FileStateStore(dir))
                .takeLeftovers());
    }

    @Test
    void aRecordTornByACrashIsIgnored() throws Exception {
        Files.writeString(dir.resolve("running-programs.log"), "+a-1 cgroup2 /sys/fs/cgroup/exec-a-1\n+a-2 cgro",
                StandardCharsets.US_ASCII);
        assertEquals(Map.of("a-1", "cgroup2 /sys/fs/cgroup/exec-a-1"), new RunLedger(new FileStateStore(dir))
                .takeLeftovers());
    }

    @Test
    void theLogIsDeletedOnceNothingRunsAndItHasGrown() {
        RunLedger ledger = new RunLedger(new FileStateStore(dir));
        ledger.takeLeftovers();
        for (int i = 0; i < 400; i++) {
            ledger.started("c-" + i, "cgroup2 /sys/fs/cgroup/system.slice/infiniservice.service/exec-c-" + i);
            ledger.ended("c-" + i);
        }
        assertTrue(sizeOf() <= 17 * 1024, "bounded by the compaction: " + sizeOf() + " bytes after 400 runs");
        ledger.started("c-x", "pgid 1 1");
        assertFalse(new RunLedger(new FileStateStore(dir)).takeLeftovers().isEmpty(), "a live run is never dropped");
    }

    private long sizeOf() {
        Path log = dir.resolve("running-programs.log");
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The engine is built at start only for this recovery; what running programs needs (slots, I/O pool,
     * run-id prefix) comes with the first run. Recovery must not wait for it: an earlier process's
     * leftovers are stopped before anything runs, and the first run afterwards is recorded under this
     * process's prefix and closed.
     */
    @Test
    void anEngineThatNeverRanStopsTheLeftoversAtStartAndItsFirstRunIsRecorded() throws Exception {
        RunLedger dead = new RunLedger(new FileStateStore(dir));
        dead.started("c1-7", "pgid 4242 4242");
        List<String> stopped = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> runIds = new java.util.concurrent.CopyOnWriteArrayList<>();
        ProcessLauncher launcher = new ProcessLauncher() {
            @Override
            public LaunchedProcess launch(LaunchSpec spec) throws java.io.IOException {
                runIds.add(spec.runId());
                throw new java.io.IOException("not started in this test");
            }

            @Override
            public boolean stopLeftover(String container) {
                stopped.add(container);
                return true;
            }
        };
        ExecutionEngine engine = new ExecutionEngine(launcher, Map::of, ExecutionEngine.DEFAULT_SECRET_NAMES,
                AgentClock.SYSTEM, 2, new RunLedger(new FileStateStore(dir)));
        assertEquals(Set.of("c1-7"), engine.recoverLeftovers());
        assertEquals(List.of("pgid 4242 4242"), stopped);
        assertEquals(0, engine.running());
        ExecResult r = engine.run(ExecRequest.of(List.of("true"), Deadline.forWireTimeout(System.nanoTime(), 5)));
        assertEquals(127, r.exitCode());
        assertEquals(1, runIds.size());
        assertEquals("c" + Long.toString(ProcessHandle.current().pid(), 36) + "-1", runIds.get(0));
        assertEquals(0, engine.running(), "the slot is given back");
        assertEquals(Map.of(), new RunLedger(new FileStateStore(dir)).takeLeftovers(), "nothing is left open");
        engine.close();
    }
}

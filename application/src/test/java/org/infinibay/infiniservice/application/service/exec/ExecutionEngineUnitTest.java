package org.infinibay.infiniservice.application.service.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.junit.jupiter.api.Test;

/** What the engine decides before anything is started (real processes: adapters-linux tests). */
class ExecutionEngineUnitTest {
    private final AtomicInteger launches = new AtomicInteger();
    private final ProcessLauncher counting = spec -> {
        launches.incrementAndGet();
        throw new java.io.IOException("program not found: " + spec.command().get(0));
    };

    @Test
    void environmentDropsSecretsInAnyCaseAndAddsExtras() {
        ExecutionEngine e = new ExecutionEngine(counting,
                () -> Map.of("PATH", "/bin", "INFINISERVICE_SHARED_SECRET", "s3cr3t", "infiniservice_shared_secret", "x",
                        "MY_TOKEN", "t"),
                Set.of("INFINISERVICE_SHARED_SECRET", "MY_TOKEN"), AgentClock.SYSTEM, 4);
        Map<String, String> env = e.environmentFor(new ExecRequest(List.of("true"), Map.of("K", "V"), null, null,
                null, null));
        assertEquals(Map.of("PATH", "/bin", "K", "V"), env);
        e.close();
    }

    @Test
    void badEnvironmentNamesAreRejectedWithCode2WithoutStarting() throws Exception {
        ExecutionEngine e = new ExecutionEngine(counting, Map::of, AgentClock.SYSTEM);
        for (String bad : List.of("A=B", "A\0B", "")) {
            ExecResult r = e.run(new ExecRequest(List.of("true"), Map.of(bad, "secret-value"), null, null,
                    Deadline.forWireTimeout(System.nanoTime(), 30), null));
            assertEquals(2, r.exitCode());
            assertFalse(r.stderr().contains("secret-value"), "values are never echoed");
        }
        assertEquals(0, launches.get());
        e.close();
    }

    @Test
    void startFailureIs127WithTheReason() throws Exception {
        ExecutionEngine e = new ExecutionEngine(counting, Map::of, AgentClock.SYSTEM);
        ExecResult r = e.run(ExecRequest.of(List.of("no-such-program"), Deadline.forWireTimeout(System.nanoTime(), 30)));
        assertEquals(127, r.exitCode());
        assertTrue(r.startFailed());
        assertEquals("failed to start: program not found: no-such-program", r.stderr());
        assertEquals(0, e.running(), "the slot is given back");
        e.close();
    }

    @Test
    void missingDeadlineMeans600Seconds() {
        Deadline d = ExecutionEngine.defaultDeadline(1_000);
        assertEquals(600, d.seconds());
        assertEquals(1_000 + 600_000_000_000L, d.atNanos());
    }
}

package org.infinibay.infiniservice.adapters.linux.exec;

import org.infinibay.infiniservice.adapters.posix.scripts.PosixScriptFiles;
import org.infinibay.infiniservice.adapters.posix.accounts.PasswdUserDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.adapters.posix.shell.ExecutableLookup;
import org.infinibay.infiniservice.application.service.outbound.RetainedSpool;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.scripts.PendingScriptsService;
import org.infinibay.infiniservice.application.service.scripts.RetryPolicy;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.adapters.posix.shell.PosixShells;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.infinibay.infiniservice.domain.message.QueuePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A script running when the agent died gets exactly one completion from the next agent (issue #13 item 8). */
class InterruptedScriptTest {
    @TempDir
    Path state;

    private final RecordingSink sink = new RecordingSink();

    /** The next agent: its spool restored from the state directory, a runner that reports what it killed. */
    private void restart(Set<String> killedByRecovery) {
        RetainedSpool spool = new RetainedSpool(new FileStateStore(state));
        spool.load();
        OutboundSink queue = m -> { // as OutboundQueue does: a retained line goes into the spool
            sink.send(m);
            if (m.policy() == QueuePolicy.RETAINED) {
                spool.add(m.type(), "{}");
            }
        };
        ProgramRunner runner = new ProgramRunner() {
            @Override
            public ExecResult run(ExecRequest request) {
                throw new AssertionError("nothing runs during recovery");
            }

            @Override
            public Set<String> recoverLeftovers() {
                return killedByRecovery;
            }
        };
        PosixShells shells = new PosixShells(ExecutableLookup.onPath(System::getenv));
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        PendingScriptsService service = new PendingScriptsService(queue, runner, shells,
                new AccountResolver(shells, new PasswdUserDirectory(), null), r -> { }, AgentClock.SYSTEM, timers,
                "vm", new PosixScriptFiles(state.resolve("scripts")), new RetryPolicy(Duration.ofSeconds(10), List.of()),
                PolicyEvaluator.permissive(), spool);
        service.recoverInterrupted();
        service.shutdown();
        timers.shutdownNow();
    }

    private void deadAgentWasRunning(String key, String executionId) {
        RetainedSpool spool = new RetainedSpool(new FileStateStore(state));
        spool.load();
        spool.runStarted(key, System.currentTimeMillis() - 4000, executionId, "sid-" + executionId, "Nightly backup");
    }

    @Test
    void stillRunningAndKilledGives137() {
        deadAgentWasRunning("sold-1", "exec-1");
        restart(Set.of("sold-1"));
        List<Outbound.ScriptCompletion> c = sink.of(Outbound.ScriptCompletion.class);
        assertEquals(1, c.size());
        assertEquals("exec-1", c.get(0).executionId());
        assertEquals(137, c.get(0).exitCode());
        assertTrue(c.get(0).stderr().startsWith("interrupted: the agent stopped unexpectedly"), c.get(0).stderr());
        Outbound.AgentEvent e = sink.of(Outbound.AgentEvent.class).get(0);
        assertEquals(Outbound.AgentEvent.Severity.error, e.severity());
        assertEquals("script Nightly backup failed: interrupted by an agent restart", e.message());
        assertEquals("sid-exec-1", e.context().string("script_id").orElseThrow());
        assertTrue(e.context().integer("duration_ms").getAsLong() >= 4000);
    }

    @Test
    void alreadyEndedGives1AndNoRestartSendsItAgain() {
        deadAgentWasRunning("sold-2", "exec-2");
        restart(Set.of());
        restart(Set.of()); // and once more: the completion was recorded with the end of the run
        List<Outbound.ScriptCompletion> c = sink.of(Outbound.ScriptCompletion.class);
        assertEquals(1, c.size(), "exactly one completion across two restarts");
        assertEquals(1, c.get(0).exitCode());
        assertTrue(c.get(0).stderr().contains("had ended before the agent restarted"), c.get(0).stderr());
    }
}

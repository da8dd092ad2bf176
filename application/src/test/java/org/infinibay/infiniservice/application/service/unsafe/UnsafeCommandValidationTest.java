package org.infinibay.infiniservice.application.service.unsafe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.InboundMessage;
import org.infinibay.infiniservice.domain.message.InboundMessages;
import org.junit.jupiter.api.Test;

/**
 * Refusals happen before anything is started: the runner here fails the test when called. The refusals
 * of the real shell tables are in bootstrap's ShellTablesInTheCoreTest.
 */
class UnsafeCommandValidationTest {
    private final List<AuditRecord> audit = new ArrayList<>();
    private final ProgramRunner mustNotRun = r -> {
        throw new AssertionError("nothing may run for an invalid command: " + r);
    };
    private final StubShells shells = new StubShells();
    private final UnsafeCommandService service = new UnsafeCommandService(mustNotRun, shells,
            new AccountResolver(shells, UserDirectory.NONE, null), audit::add, AgentClock.SYSTEM, false);

    private static InboundMessage.UnsafeCommand command(JsonObject.Builder b) {
        return (InboundMessage.UnsafeCommand) InboundMessages.parse(b.put("type", "UnsafeCommand").put("id", "c-1").build());
    }

    private ActionResult run(JsonObject.Builder b) throws InterruptedException {
        return service.execute(command(b), Deadline.forWireTimeout(System.nanoTime(), 30));
    }

    @Test
    void missingRawCommandIs2() throws Exception {
        ActionResult r = run(JsonObject.builder());
        assertEquals(2, r.exitCode());
        assertEquals("missing raw_command", r.error());
        assertEquals("missing raw_command", r.stderr());
        assertFalse(r.success());
        r = run(JsonObject.builder().put("raw_command", 5));
        assertEquals(2, r.exitCode());
    }

    @Test
    void missingWorkingDirIs2AndNeverRunsElsewhere() throws Exception {
        ActionResult r = run(JsonObject.builder().put("raw_command", "pwd").put("working_dir", "/no/such/dir"));
        assertEquals(2, r.exitCode());
        assertTrue(r.error().startsWith("invalid working_dir"), r.error());
        assertEquals(1, audit.size());
        assertTrue(audit.get(0).decision().startsWith("rejected: invalid working_dir"));
        assertEquals(AuditRecord.digest("", r.stderr()), audit.get(0).outputDigest());
    }

    @Test
    void badEnvVarsAre2AndValuesNotEchoed() throws Exception {
        JsonObject badKey = JsonObject.builder().put("A=B", "hunter2").build();
        ActionResult r = run(JsonObject.builder().put("raw_command", "env").put("env_vars", badKey));
        assertEquals(2, r.exitCode());
        assertFalse(r.stderr().contains("hunter2"));
        JsonObject badValue = JsonObject.builder().put("A", 3).build();
        assertEquals(2, run(JsonObject.builder().put("raw_command", "env").put("env_vars", badValue)).exitCode());
        assertEquals(2, run(JsonObject.builder().put("raw_command", "env").put("env_vars", "A=B")).exitCode());
    }

    @Test
    void runAsMustFollowTheAccountRuleAndExist() throws Exception {
        ActionResult r = run(JsonObject.builder().put("raw_command", "id").put("run_as", "-oops"));
        assertEquals(2, r.exitCode());
        assertTrue(r.error().startsWith("invalid run_as"));
        r = run(JsonObject.builder().put("raw_command", "id").put("run_as", "nobody-here"));
        assertEquals(2, r.exitCode());
        assertEquals("invalid run_as: user nobody-here does not exist", r.error());
    }

    @Test
    void noTimeoutMeans600SecondsOnTheWireAnd598ToExecute() {
        InboundMessage.UnsafeCommand c = command(JsonObject.builder().put("raw_command", "sleep 1"));
        assertEquals(600, c.timeoutSeconds());
        Deadline d = UnsafeCommandService.deadlineFor(c, 0);
        assertEquals(598, d.seconds());
        assertEquals(598_000_000_000L, d.atNanos());
        InboundMessage.UnsafeCommand zero = command(JsonObject.builder().put("raw_command", "x").put("timeout", 0));
        assertEquals(598, UnsafeCommandService.deadlineFor(zero, 0).seconds());
    }

    @Test
    void envReaderAcceptsStringsOnly() {
        Map<String, String> into = new java.util.HashMap<>();
        assertTrue(UnsafeCommandService.readEnv(JsonObject.builder().put("K", "V").build(), into).isEmpty());
        assertEquals(Map.of("K", "V"), into);
        assertTrue(UnsafeCommandService.readEnv(Json.of("x"), into).isPresent());
    }
}

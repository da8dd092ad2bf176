package org.infinibay.infiniservice.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.adapters.posix.shell.PosixShells;
import org.infinibay.infiniservice.adapters.windows.exec.WindowsShells;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.application.service.unsafe.UnsafeCommandService;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.InboundMessage;
import org.infinibay.infiniservice.domain.message.InboundMessages;
import org.junit.jupiter.api.Test;

/**
 * The core's unsafe-command validation over each guest's real shell table (moved from the application's
 * UnsafeCommandValidationTest when the tables moved to their adapters): refusals happen before anything
 * is started, the runner fails the test when called.
 */
class ShellTablesInTheCoreTest {
    private final List<AuditRecord> audit = new ArrayList<>();
    private final ProgramRunner mustNotRun = r -> {
        throw new AssertionError("nothing may run for an invalid command: " + r);
    };
    private final PosixShells shells = new PosixShells(p -> p.equals("bash") || p.equals("sh"));
    private final UnsafeCommandService service = new UnsafeCommandService(mustNotRun, shells,
            new AccountResolver(shells, UserDirectory.NONE, null), audit::add, AgentClock.SYSTEM, false);

    private static InboundMessage.UnsafeCommand command(JsonObject.Builder b) {
        return (InboundMessage.UnsafeCommand) InboundMessages.parse(b.put("type", "UnsafeCommand").put("id", "c-1").build());
    }

    private ActionResult run(JsonObject.Builder b) throws InterruptedException {
        return service.execute(command(b), Deadline.forWireTimeout(System.nanoTime(), 30));
    }

    @Test
    void cmdOnLinuxIs126() throws Exception {
        ActionResult r = run(JsonObject.builder().put("raw_command", "dir").put("shell", "cmd"));
        assertEquals(126, r.exitCode());
        assertEquals("shell cmd is not supported on Linux", r.error());
    }

    @Test
    void windowsRefusesNamedRunAsWith126() throws Exception {
        WindowsShells win = new WindowsShells(p -> false);
        UnsafeCommandService onWindows = new UnsafeCommandService(mustNotRun, win,
                new AccountResolver(win, UserDirectory.NONE, null), audit::add, AgentClock.SYSTEM, false);
        ActionResult r = onWindows.execute(command(JsonObject.builder().put("raw_command", "whoami")
                .put("run_as", "alice")), Deadline.forWireTimeout(System.nanoTime(), 30));
        assertEquals(126, r.exitCode());
        assertEquals("run_as alice is not supported on Windows", r.error());
    }
}

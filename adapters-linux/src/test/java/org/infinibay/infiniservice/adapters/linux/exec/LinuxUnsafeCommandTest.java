package org.infinibay.infiniservice.adapters.linux.exec;

import org.infinibay.infiniservice.adapters.posix.accounts.PasswdUserDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.infinibay.infiniservice.adapters.posix.audit.FileAuditTrail;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.adapters.posix.shell.ExecutableLookup;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.adapters.posix.shell.PosixShells;
import org.infinibay.infiniservice.application.service.unsafe.UnsafeCommandService;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.InboundMessage;
import org.infinibay.infiniservice.domain.message.InboundMessages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** UnsafeCommand end to end on this machine: real shells, real users, real audit file. */
class LinuxUnsafeCommandTest {
    private static final String SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path auditDir;

    private final Map<String, String> agentEnv = new HashMap<>(System.getenv());
    private ExecutionEngine engine;
    private UnsafeCommandService service;
    private PosixShells shells;

    private void setUp() {
        agentEnv.put("INFINISERVICE_SHARED_SECRET", SECRET);
        PasswdUserDirectory users = new PasswdUserDirectory();
        engine = new ExecutionEngine(new LinuxProcessLauncher(users), () -> agentEnv, AgentClock.SYSTEM);
        shells = new PosixShells(ExecutableLookup.onPath(() -> agentEnv));
        service = new UnsafeCommandService(engine, shells, new AccountResolver(shells, users, "/root"),
                new FileAuditTrail(auditDir), AgentClock.SYSTEM, false);
    }

    @AfterEach
    void tearDown() {
        if (engine != null) {
            engine.close();
        }
    }

    private ActionResult run(JsonObject.Builder fields) throws InterruptedException {
        if (service == null) {
            setUp();
        }
        InboundMessage.UnsafeCommand c = (InboundMessage.UnsafeCommand) InboundMessages.parse(
                fields.put("type", "UnsafeCommand").put("id", "cmd-1").build());
        return service.execute(c, UnsafeCommandService.deadlineFor(c, System.nanoTime()));
    }

    private ActionResult shell(String shell, String raw) throws InterruptedException {
        JsonObject.Builder b = JsonObject.builder().put("raw_command", raw).put("timeout", 30);
        if (shell != null) {
            b.put("shell", shell);
        }
        return run(b);
    }

    @Test
    void shellSelectionMatrix() throws Exception {
        String probe = "if [ -n \"$BASH_VERSION\" ]; then echo bash; else echo posix-sh; fi";
        assertEquals("bash\n", shell("BASH", probe).stdout());
        assertEquals("bash\n", shell("bash", probe).stdout());
        assertEquals("bash\n", shell(null, probe).stdout(), "absent: bash when installed");
        assertEquals("bash\n", shell("tcsh-unknown", probe).stdout());
        ActionResult sh = shell("Sh", probe + "; echo \"$0\"");
        assertTrue(sh.stdout().endsWith("/sh\n"), sh.stdout());
        Assumptions.assumeFalse(shells.command("pwsh", "x").argv().contains("pwsh"), "pwsh is installed here");
        ActionResult ps = shell("POWERSHELL", "Get-Date");
        assertEquals(126, ps.exitCode());
        assertEquals("shell pwsh is not installed", ps.error());
        ActionResult cmd = shell("cmd", "dir");
        assertEquals(126, cmd.exitCode());
        assertNull(cmd.data());
    }

    @Test
    void rawCommandIsOneArgumentNeverRequoted() throws Exception {
        ActionResult r = shell("BASH", "printf '%s|' \"a b\" 'c \"d\"' $'e\\tf'");
        assertEquals("a b|c \"d\"|e\tf|", r.stdout());
        assertTrue(r.success());
        assertNull(r.error());
    }

    @Test
    void envVarsVisibleSecretNot() throws Exception {
        ActionResult r = run(JsonObject.builder().put("raw_command", "env").put("env_vars",
                JsonObject.builder().put("ALPHA", "one two").put("BETA", "").build()));
        assertTrue(r.success());
        assertTrue(r.stdout().contains("ALPHA=one two\n"));
        assertTrue(r.stdout().contains("BETA=\n"));
        assertFalse(r.stdout().contains("INFINISERVICE_SHARED_SECRET"));
        assertFalse(r.stdout().contains(SECRET));
    }

    @Test
    void workingDirPresentMissingAndDefault() throws Exception {
        assertEquals("/usr\n", run(JsonObject.builder().put("raw_command", "pwd").put("working_dir", "/usr")).stdout());
        ActionResult missing = run(JsonObject.builder().put("raw_command", "pwd").put("working_dir", "/nonexistent-dir"));
        assertEquals(2, missing.exitCode());
        assertEquals("", missing.stdout(), "nothing ran");
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/root")));
        assertEquals("/root\n", run(JsonObject.builder().put("raw_command", "pwd")).stdout(),
                "absent: the run-as (agent) user's home");
    }

    @Test
    void failuresPerSection10_3() throws Exception {
        ActionResult exit3 = shell("BASH", "echo out; exit 3");
        assertFalse(exit3.success());
        assertEquals(3, exit3.exitCode());
        assertEquals("exit code 3", exit3.error());
        assertEquals("exit code 3", exit3.stderr(), "error copied to an empty stderr");
        assertEquals("out\n", exit3.stdout());

        String marker = java.util.UUID.randomUUID().toString();
        ActionResult timeout = run(JsonObject.builder().put("raw_command", "echo partial; (sleep 60 &); sleep 60")
                .put("timeout", 3).put("env_vars", JsonObject.builder().put("ISVC_TEST_MARKER", marker).build()));
        assertEquals(124, timeout.exitCode());
        assertEquals("timed out after 1 s", timeout.error());
        assertEquals("partial\n", timeout.stdout());
        for (int i = 0; i < 20 && !ProcScan.withEnv("ISVC_TEST_MARKER", marker).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertEquals(java.util.List.of(), ProcScan.withEnv("ISVC_TEST_MARKER", marker), "tree gone after 124");
    }

    @Test
    void auditRecordsOutcomeButNeverTheCommandText() throws Exception {
        shell("BASH", "echo SENSITIVE-TEXT-42; exit 4");
        run(JsonObject.builder().put("raw_command", "echo SENSITIVE-TEXT-43").put("working_dir", "/nonexistent-dir"));
        String trail = Files.readString(auditDir.resolve("audit.log"));
        String[] lines = trail.split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].contains("\"id\":\"cmd-1\""));
        assertTrue(lines[0].contains("\"kind\":\"unsafe\""));
        assertTrue(lines[0].contains("\"program\":\"bash\""));
        assertTrue(lines[0].contains("\"exit_code\":4"));
        assertTrue(lines[0].contains("\"decision\":\"allowed\""));
        assertTrue(lines[1].contains("\"decision\":\"rejected: invalid working_dir"));
        assertFalse(trail.contains("SENSITIVE-TEXT"));
    }

    @Test
    void runAsRealUser() throws Exception {
        try (TestUser user = TestUser.create()) {
            ActionResult r = run(JsonObject.builder().put("raw_command", "id -un; pwd; echo \"$HOME|$USER|$LOGNAME\"")
                    .put("run_as", user.name));
            assertTrue(r.success(), r.stderr());
            assertEquals(user.name + "\n" + user.home + "\n" + user.home + "|" + user.name + "|" + user.name + "\n",
                    r.stdout());
            ActionResult root = run(JsonObject.builder().put("raw_command", "id -un").put("run_as", "root"));
            assertEquals("root\n", root.stdout());
            ActionResult ghost = run(JsonObject.builder().put("raw_command", "id -un").put("run_as", "ghost-" + user.name));
            assertEquals(2, ghost.exitCode());
            assertTrue(ghost.error().endsWith("does not exist"));
        }
    }

    @Test
    void noTimeoutAppliesTheDefault() {
        InboundMessage.UnsafeCommand c = (InboundMessage.UnsafeCommand) InboundMessages.parse(JsonObject.builder()
                .put("type", "UnsafeCommand").put("id", "x").put("raw_command", "sleep 1").build());
        Deadline d = UnsafeCommandService.deadlineFor(c, 0);
        assertEquals(598, d.seconds(), "600 s wire default minus the 2 s reply margin");
    }
}

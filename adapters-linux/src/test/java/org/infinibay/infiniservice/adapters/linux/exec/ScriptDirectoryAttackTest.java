package org.infinibay.infiniservice.adapters.linux.exec;

import org.infinibay.infiniservice.adapters.posix.scripts.PosixScriptFiles;
import org.infinibay.infiniservice.adapters.posix.accounts.PasswdUserDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.adapters.posix.shell.ExecutableLookup;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.scripts.PendingScriptsService;
import org.infinibay.infiniservice.application.service.scripts.RetryPolicy;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.adapters.posix.shell.PosixShells;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #13 item 2, as the attacker did it: a script run as {@code nobody} fills its run directory
 * with 20,000 files, and a helper of the same user (another login of {@code nobody}, outside the
 * script's process tree) swaps a path component for a symbolic link to a root-only directory the
 * moment the agent starts deleting. On the old code the root agent followed the link and deleted
 * {@code victim/important} in 3 of 3 runs. Whatever the script and the helper do, the victim survives.
 */
class ScriptDirectoryAttackTest {
    private static final int ATTEMPTS = 3;

    @TempDir
    Path work;

    private final RecordingSink sink = new RecordingSink();
    private final Map<String, String> agentEnv = new HashMap<>(System.getenv());
    private ScheduledExecutorService scheduler;
    private ExecutionEngine engine;
    private PendingScriptsService service;
    private Process helper;

    @BeforeEach
    void setUp() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (runuser); skipped");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/runuser")), "runuser missing; skipped");
        scheduler = Executors.newSingleThreadScheduledExecutor();
        PasswdUserDirectory users = new PasswdUserDirectory();
        engine = new ExecutionEngine(new LinuxProcessLauncher(users), () -> agentEnv, AgentClock.SYSTEM);
        PosixShells shells = new PosixShells(ExecutableLookup.onPath(() -> agentEnv));
        service = new PendingScriptsService(sink, engine, shells, new AccountResolver(shells, users, null),
                r -> { }, AgentClock.SYSTEM, scheduler, "vm-1", new PosixScriptFiles(work.resolve("scripts")),
                new RetryPolicy(Duration.ofSeconds(10), List.of()));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (helper != null) {
            // runuser does not pass a kill on to its shell, which would loop on as an orphan (as nobody, ~4 % of
            // a core, for good): the shell goes first, while it is still runuser's descendant
            helper.descendants().forEach(ProcessHandle::destroyForcibly);
            helper.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        if (service != null) {
            service.shutdown();
            scheduler.shutdownNow();
            engine.close();
        }
    }

    @Test
    void aRunAsUserCannotMakeTheAgentDeleteARootFile() throws Exception {
        Path victimDir = Files.createDirectories(work.resolve("victim"));
        Files.setPosixFilePermissions(victimDir, PosixFilePermissions.fromString("rwx------"));
        Path victim = victimDir.resolve("important");
        // a place both the script and the helper (nobody) can use to talk: where the run directory is
        Path rendezvous = Files.createTempDirectory("isvc-attack-");
        Files.setPosixFilePermissions(rendezvous, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            Path where = rendezvous.resolve("where");
            String helperLoop = "while :; do d=$(cat " + where + " 2>/dev/null); "
                    + "if [ -n \"$d\" ] && [ -e \"$d/sub/important\" ] && [ ! -L \"$d/sub\" ] && [ ! -e \"$d/sub/z20000\" ];"
                    + " then mv \"$d/sub\" \"$d/sub.moved\" && ln -s " + victimDir + " \"$d/sub\" && echo swapped; fi; done";
            helper = new ProcessBuilder("/usr/sbin/runuser", "-u", "nobody", "--", "/bin/sh", "-c", helperLoop)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            // the script: fill its directory (the slower the delete, the wider the race), 'important' last
            String script = "d=$(dirname \"$0\"); echo \"$d\" > " + where + "; "
                    + "mkdir \"$d/sub\" && cd \"$d/sub\" && for i in $(seq -w 1 20000); do : > z$i; done && : > important;"
                    + " echo filled=$?";
            for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
                Files.writeString(victim, "root data " + attempt, StandardCharsets.UTF_8);
                Files.setPosixFilePermissions(victim, PosixFilePermissions.fromString("rw-------"));
                String id = "attack-" + attempt;
                service.onPendingScriptsResponse(new JsonArray(List.of(JsonObject.builder().put("execution_id", id)
                        .put("script_content", script).put("shell", "bash").put("run_as", "nobody")
                        .put("timeout_seconds", 120).build())));
                Outbound.ScriptCompletion c = sink.await(Outbound.ScriptCompletion.class,
                        x -> x.executionId().equals(id), 1, 120).get(0);
                Thread.sleep(300); // the helper's last swap, if any, lands
                assertTrue(Files.exists(victim), "attempt " + attempt + ": the root agent deleted " + victim
                        + " through a path the run_as user controls (script said: " + c.stdout().strip() + ")");
                assertEquals("root data " + attempt, Files.readString(victim));
                Files.deleteIfExists(where);
            }
        } finally {
            new ProcessBuilder("rm", "-rf", rendezvous.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A root script that leaves links and a tree in its directory: only its own entries go, no link is followed. */
    @Test
    void theDeletionNeverFollowsALinkLeftInTheDirectory() throws Exception {
        Path victimDir = Files.createDirectories(work.resolve("victim2"));
        Path victim = Files.writeString(victimDir.resolve("important"), "root data");
        String script = "d=$(dirname \"$0\"); ln -s " + victimDir + " \"$d/link\"; ln -s " + victim + " \"$d/file-link\";"
                + " mkdir -p \"$d/a/b/c\" && : > \"$d/a/b/c/f\" && ln -s " + victimDir + " \"$d/a/b/link\"; echo \"$d\"";
        service.onPendingScriptsResponse(new JsonArray(List.of(JsonObject.builder().put("execution_id", "links")
                .put("script_content", script).put("shell", "bash").build())));
        Outbound.ScriptCompletion c = sink.await(Outbound.ScriptCompletion.class,
                x -> x.executionId().equals("links"), 1, 30).get(0);
        assertEquals(0, c.exitCode(), c.stderr());
        assertTrue(Files.exists(victim), "the file behind the links survives");
        assertEquals("root data", Files.readString(victim));
        assertTrue(!Files.exists(Path.of(c.stdout().strip()), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "the run directory is gone");
    }
}

package org.infinibay.infiniservice.adapters.linux.exec;

import org.infinibay.infiniservice.adapters.posix.scripts.PosixScriptFiles;
import org.infinibay.infiniservice.adapters.posix.accounts.PasswdUserDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.adapters.posix.shell.ExecutableLookup;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.scripts.PendingScriptsService;
import org.infinibay.infiniservice.application.service.scripts.RetryPolicy;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.adapters.posix.shell.PosixShells;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.Outbound;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pending-scripts flow with real script files and processes. */
class LinuxPendingScriptsTest {
    @TempDir
    Path work;

    private final RecordingSink sink = new RecordingSink();
    private final List<AuditRecord> audit = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, String> agentEnv = new HashMap<>(System.getenv());
    private ScheduledExecutorService scheduler;
    private ExecutionEngine engine;
    private PendingScriptsService service;

    @BeforeEach
    void setUp() {
        agentEnv.put("INFINISERVICE_SHARED_SECRET", "s".repeat(64));
        scheduler = Executors.newSingleThreadScheduledExecutor();
        PasswdUserDirectory users = new PasswdUserDirectory();
        engine = new ExecutionEngine(new LinuxProcessLauncher(users), () -> agentEnv, AgentClock.SYSTEM);
        PosixShells shells = new PosixShells(ExecutableLookup.onPath(() -> agentEnv));
        service = new PendingScriptsService(sink, engine, shells, new AccountResolver(shells, users, null),
                audit::add, AgentClock.SYSTEM, scheduler, "vm-1", new PosixScriptFiles(work.resolve("scripts")),
                new RetryPolicy(Duration.ofMillis(300), List.of(Duration.ofMillis(100), Duration.ofMillis(200))));
    }

    @AfterEach
    void tearDown() {
        service.shutdown();
        scheduler.shutdownNow();
        engine.close();
    }

    private static JsonObject script(String id, String content) {
        return JsonObject.builder().put("execution_id", id).put("script_id", "sid-" + id).put("script_name", "name-" + id)
                .put("script_content", content).put("shell", "BASH").put("execution_type", "ON_DEMAND")
                .put("input_values", JsonObject.EMPTY).put("timeout_seconds", 60).putNull("run_as").build();
    }

    private static JsonArray array(Json... items) {
        return new JsonArray(List.of(items));
    }

    private List<Outbound.ScriptCompletion> completions(String id, int n, long seconds) throws InterruptedException {
        return sink.await(Outbound.ScriptCompletion.class, c -> c.executionId().equals(id), n, seconds);
    }

    /**
     * The script worker is made for the first script, not at start: an agent stopped before any script
     * stops at once, and a script that arrives after the stop is not started (as when the worker existed
     * and had been shut down); a script after the first one still runs on the same worker.
     */
    @Test
    void theWorkerComesWithTheFirstScriptAndNoneStartsAfterShutdown() throws Exception {
        Path marker = work.resolve("late.ran");
        long t0 = System.nanoTime();
        service.shutdown();
        assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "nothing to wait for");
        service.onPendingScriptsResponse(array(script("late", "touch " + marker)));
        Thread.sleep(500);
        assertFalse(Files.exists(marker), "no script runs after the stop");
        assertTrue(sink.of(Outbound.ScriptCompletion.class).isEmpty());
        assertTrue(audit.isEmpty());
    }

    @Test
    void scriptsOfOneResponseRunSequentiallyInOrder() throws Exception {
        Path log = work.resolve("order.log");
        service.onPendingScriptsResponse(array(
                script("a", "sleep 0.6; echo a >> " + log + "; echo done-a"),
                script("b", "echo b >> " + log),
                script("c", "echo c >> " + log)));
        List<Outbound.ScriptCompletion> c = completions("c", 1, 20);
        assertEquals(1, c.size());
        assertEquals("a\nb\nc\n", Files.readString(log));
        List<Outbound.ScriptCompletion> all = sink.of(Outbound.ScriptCompletion.class);
        assertEquals(List.of("a", "b", "c"), all.stream().map(Outbound.ScriptCompletion::executionId).toList());
        assertEquals(0, all.get(0).exitCode());
        assertEquals("done-a\n", all.get(0).stdout());
        assertNull(all.get(0).logFile());
        assertTrue(sink.of(Outbound.AgentEvent.class).isEmpty(), "no events for successes");
        assertEquals(3, audit.size());
        assertEquals("script", audit.get(0).kind());
        assertEquals("bash", audit.get(0).program());
    }

    @Test
    void duplicateWhileRunningIsIgnoredButRunsAgainAfterCompletion() throws Exception {
        Path log = work.resolve("runs.log");
        JsonObject s = script("dup", "echo run >> " + log + "; sleep 1");
        service.onPendingScriptsResponse(array(s));
        Thread.sleep(200);
        service.onPendingScriptsResponse(array(s)); // while running
        service.onPendingScriptsResponse(array(s, s)); // and twice in one response
        assertEquals(1, completions("dup", 1, 20).size());
        Thread.sleep(1500);
        assertEquals(1, sink.of(Outbound.ScriptCompletion.class).size(), "the duplicates were not queued");
        service.onPendingScriptsResponse(array(s)); // repeating script returns with the same id
        assertEquals(2, completions("dup", 2, 20).size());
        assertEquals("run\nrun\n", Files.readString(log));
    }

    @Test
    void timeoutGives124AndAnErrorEvent() throws Exception {
        JsonObject s = JsonObject.builder().put("execution_id", "slow").put("script_id", "sid-slow")
                .put("script_name", "Slow one").put("script_content", "echo partial; (sleep 300 &); sleep 300")
                .put("timeout_seconds", 1).build();
        service.onPendingScriptsResponse(array(s));
        Outbound.ScriptCompletion c = completions("slow", 1, 20).get(0);
        assertEquals(124, c.exitCode());
        assertEquals("partial\n", c.stdout());
        assertTrue(c.stderr().endsWith("timed out after 1 s"), c.stderr());
        Outbound.AgentEvent e = sink.await(Outbound.AgentEvent.class, x -> true, 1, 5).get(0);
        assertEquals(Outbound.AgentEvent.Severity.error, e.severity());
        assertEquals("scripts", e.source());
        assertEquals("slow", e.executionId());
        assertEquals("script Slow one failed: timed out after 1 s", e.message());
        assertEquals("sid-slow", e.context().string("script_id").orElseThrow());
        assertEquals(124, e.context().integer("exit_code").getAsLong());
        assertEquals(Boolean.TRUE, e.context().bool("timed_out").orElseThrow());
        assertTrue(e.context().integer("duration_ms").getAsLong() >= 1000);
        assertTrue(e.body().fields().containsKey("executionId"), "camelCase on the wire");
    }

    @Test
    void nonZeroExitGivesWarnEvent() throws Exception {
        service.onPendingScriptsResponse(array(script("bad", "echo err >&2; exit 3")));
        Outbound.ScriptCompletion c = completions("bad", 1, 20).get(0);
        assertEquals(3, c.exitCode());
        assertEquals("err\nexit code 3", c.stderr());
        Outbound.AgentEvent e = sink.await(Outbound.AgentEvent.class, x -> true, 1, 5).get(0);
        assertEquals(Outbound.AgentEvent.Severity.warn, e.severity());
        assertEquals("script name-bad failed: exit code 3", e.message());
        assertEquals(Boolean.FALSE, e.context().bool("timed_out").orElseThrow());
    }

    @Test
    void invalidEntries() throws Exception {
        service.onPendingScriptsResponse(array(
                JsonObject.builder().put("execution_id", "no-content").put("script_name", "N").build(),
                JsonObject.builder().put("script_content", "echo hi").put("script_name", "Anon").build(),
                Json.of("not an object"),
                script("ok", "echo fine")));
        Outbound.ScriptCompletion bad = completions("no-content", 1, 5).get(0);
        assertEquals(2, bad.exitCode());
        assertTrue(bad.stderr().contains("script_content"));
        assertEquals(0, completions("ok", 1, 20).get(0).exitCode());
        assertEquals(2, sink.of(Outbound.ScriptCompletion.class).size(), "entries without an id get no completion");
        List<Outbound.AgentEvent> events = sink.of(Outbound.AgentEvent.class);
        assertEquals(3, events.size());
        assertEquals("no-content", events.get(0).executionId());
        assertNull(events.get(1).executionId());
        assertTrue(events.get(1).message().startsWith("script Anon failed: invalid script entry"));
    }

    @Test
    void cmdOnLinuxIs126WithAnErrorEvent() throws Exception {
        JsonObject s = JsonObject.builder().put("execution_id", "cmd").put("script_content", "dir")
                .put("shell", "cmd").build();
        service.onPendingScriptsResponse(array(s));
        Outbound.ScriptCompletion c = completions("cmd", 1, 10).get(0);
        assertEquals(126, c.exitCode());
        assertEquals(Outbound.AgentEvent.Severity.error,
                sink.await(Outbound.AgentEvent.class, x -> true, 1, 5).get(0).severity());
    }

    @Test
    void timeoutZeroMeansDefaultNotExpireNow() throws Exception {
        JsonObject s = JsonObject.builder().put("execution_id", "zero").put("script_content", "sleep 1.5; echo survived")
                .put("timeout_seconds", 0).build();
        service.onPendingScriptsResponse(array(s));
        Outbound.ScriptCompletion c = completions("zero", 1, 20).get(0);
        assertEquals(0, c.exitCode());
        assertEquals("survived\n", c.stdout());
    }

    @Test
    void scriptFileIsPrivateAndDeletedAfterwards() throws Exception {
        service.onPendingScriptsResponse(array(script("file",
                "echo \"$0\"; stat -c %a \"$0\"; stat -c %a \"$(dirname \"$0\")\"; env")));
        Outbound.ScriptCompletion c = completions("file", 1, 20).get(0);
        String[] lines = c.stdout().split("\n");
        Path file = Path.of(lines[0]);
        assertTrue(file.startsWith(work.resolve("scripts")), lines[0]);
        assertTrue(file.getFileName().toString().endsWith(".sh"));
        assertEquals("600", lines[1]);
        assertEquals("700", lines[2]);
        assertFalse(Files.exists(file), "script file deleted");
        assertFalse(Files.exists(file.getParent()), "script directory deleted");
        assertFalse(c.stdout().contains("INFINISERVICE_SHARED_SECRET"), "secret hidden from scripts");
    }

    @Test
    void runAsRealUserCanReadItsScript() throws Exception {
        try (TestUser user = TestUser.create()) {
            JsonObject s = JsonObject.builder().put("execution_id", "as-user").put("script_content", "id -un; pwd")
                    .put("shell", "sh").put("run_as", user.name).build();
            service.onPendingScriptsResponse(array(s));
            Outbound.ScriptCompletion c = completions("as-user", 1, 20).get(0);
            assertEquals(0, c.exitCode(), c.stderr());
            assertEquals(user.name + "\n" + user.home + "\n", c.stdout());
        }
    }

    @Test
    void requestIsRetriedTwiceWithoutResponse() throws Exception {
        service.requestPendingScripts();
        Thread.sleep(300 + 100 + 300 + 200 + 300 + 600);
        List<Outbound.RequestPendingScripts> sent = sink.of(Outbound.RequestPendingScripts.class);
        assertEquals(3, sent.size(), "three requests in all");
        assertEquals("vm-1", sent.get(0).vmId());
        String ts = "2026-07-14T10:02:00.000Z";
        assertEquals(ts, sent.get(0).bodyAt(ts).string("request_timestamp").orElseThrow());
    }

    @Test
    void aResponseStopsTheRetriesAndEmptyListIsFine() throws Exception {
        service.requestPendingScripts();
        service.onPendingScriptsResponse(JsonArray.EMPTY);
        Thread.sleep(1200);
        assertEquals(1, sink.of(Outbound.RequestPendingScripts.class).size());
        assertTrue(sink.of(Outbound.ScriptCompletion.class).isEmpty());
    }
}

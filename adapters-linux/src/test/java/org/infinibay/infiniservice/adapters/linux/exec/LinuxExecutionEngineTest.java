package org.infinibay.infiniservice.adapters.linux.exec;

import org.infinibay.infiniservice.adapters.posix.accounts.PasswdUserDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.domain.command.OutputCap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine driving real processes through the Linux launcher. */
class LinuxExecutionEngineTest {
    private final Map<String, String> agentEnv = new HashMap<>(System.getenv());
    private final ExecutionEngine engine;
    private final String marker = UUID.randomUUID().toString();

    LinuxExecutionEngineTest() {
        agentEnv.put("INFINISERVICE_SHARED_SECRET", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        engine = new ExecutionEngine(new LinuxProcessLauncher(new PasswdUserDirectory()), () -> agentEnv,
                AgentClock.SYSTEM);
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private static Deadline seconds(long s) {
        return new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(s), s);
    }

    private ExecResult bash(String script, long deadlineSeconds) throws InterruptedException {
        return engine.run(new ExecRequest(List.of("bash", "-c", script), Map.of("ISVC_TEST_MARKER", marker), null, null,
                seconds(deadlineSeconds), null));
    }

    private void assertNothingLeft() throws InterruptedException {
        List<Long> left = ProcScan.withEnv("ISVC_TEST_MARKER", marker);
        for (int i = 0; i < 20 && !left.isEmpty(); i++) {
            Thread.sleep(100); // a dying process may still be listed for a moment
            left = ProcScan.withEnv("ISVC_TEST_MARKER", marker);
        }
        assertEquals(List.of(), left, "processes of the command still alive");
    }

    @Test
    void deadlineKillsGrandchildrenAndKeepsPartialOutput() throws Exception {
        long t0 = System.nanoTime();
        ExecResult r = bash("echo started; echo oops >&2; (sleep 300 &) ; sleep 300", 2);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertEquals(124, r.exitCode());
        assertTrue(r.timedOut());
        assertEquals("started\n", r.stdout());
        assertEquals("oops\n", r.stderr());
        assertTrue(ms < 2000 + 5000, "SIGTERM was enough, took " + ms + " ms");
        assertNothingLeft();
    }

    @Test
    void nohupDoubleForkAndTermIgnoringChildrenAreKilledToo() throws Exception {
        ExecResult r = bash("nohup sleep 301 >/dev/null 2>&1 & "
                + "( ( sleep 302 & ) & ) ; "
                + "nohup sh -c 'trap \"\" TERM; sleep 303' >/dev/null 2>&1 & "
                + "echo forked; sleep 300", 2);
        assertEquals(124, r.exitCode());
        assertEquals("forked\n", r.stdout());
        assertNothingLeft();
    }

    @Test
    void backgroundChildHoldingStdoutDoesNotHangTheEngine() throws Exception {
        long start = System.nanoTime();
        ExecResult r = bash("(sleep 300 &); echo parent done", 30);
        assertEquals(0, r.exitCode(), "the command is over when its program exits");
        assertFalse(r.timedOut());
        assertEquals("parent done\n", r.stdout());
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(15),
                "answered long before the deadline");
        assertNothingLeft(); // the orphan went with the command
    }

    @Test
    void backgroundChildNotHoldingPipesIsStoppedWithTheCommand() throws Exception {
        ExecResult r = bash("(sleep 300 > /dev/null 2>&1 &); echo started", 30);
        assertEquals(0, r.exitCode());
        assertEquals("started\n", r.stdout());
        assertNothingLeft();
    }

    @Test
    void fiftyMebibytesAreCappedHeadAndTail() throws Exception {
        ExecResult r = bash("head -c 52428800 /dev/zero | tr '\\0' x; printf END; echo to-stderr >&2", 120);
        assertEquals(0, r.exitCode());
        assertTrue(r.stdoutTruncated());
        assertFalse(r.stderrTruncated());
        long cut = 52428800L + 3 - OutputCap.LIMIT;
        String marker = "\n[\u2026 " + cut + " bytes truncated \u2026]\n";
        assertEquals(2 * OutputCap.HALF + marker.length(), r.stdout().length());
        assertTrue(r.stdout().startsWith("xxxx"));
        assertTrue(r.stdout().endsWith("xxxEND"));
        assertTrue(r.stdout().contains(marker));
        assertEquals("to-stderr\n", r.stderr());
        assertEquals(0, engine.running());
    }

    @Test
    void bothStreamsLargeAtOnceDoNotDeadlock() throws Exception {
        // 200 KB per stream: three times a pipe buffer, still under the 256 KiB cap.
        ExecResult r = bash("for i in $(seq 1 200); do printf '%01000d\\n' $i; printf '%01000d\\n' $i >&2; done", 60);
        assertEquals(0, r.exitCode());
        assertEquals(200 * 1001, r.stdout().length());
        assertEquals(200 * 1001, r.stderr().length());
        assertFalse(r.stdoutTruncated());
    }

    @Test
    void childSeesNoSecretButSeesExtraEnvironment() throws Exception {
        ExecResult r = engine.run(new ExecRequest(List.of("env"), Map.of("MY_VAR", "visible"), null, null, seconds(10),
                null));
        assertEquals(0, r.exitCode());
        assertFalse(r.stdout().contains("INFINISERVICE_SHARED_SECRET"), "secret leaked to the child");
        assertFalse(r.stdout().contains("0123456789abcdef0123456789abcdef"));
        assertTrue(r.stdout().contains("MY_VAR=visible\n"));
        assertTrue(r.stdout().contains("PATH="), "the rest of the agent environment is kept");
    }

    @Test
    void exitCodesSignalsAndStartFailures() throws Exception {
        assertEquals(3, bash("exit 3", 10).exitCode());
        ExecResult killed = bash("kill -9 $$", 10);
        assertEquals(128 + 9, killed.exitCode());
        assertFalse(killed.timedOut());
        ExecResult missing = engine.run(ExecRequest.of(List.of("no-such-program-" + marker), seconds(10)));
        assertEquals(127, missing.exitCode());
        assertTrue(missing.startFailed());
        assertEquals("failed to start: program not found: no-such-program-" + marker, missing.stderr());
    }

    @Test
    void stdinIsWrittenThenClosedOrClosedAtOnce() throws Exception {
        byte[] input = "h\u00e9llo\n".getBytes(StandardCharsets.UTF_8);
        ExecResult r = engine.run(new ExecRequest(List.of("cat"), Map.of(), null, null, seconds(10), input));
        assertEquals("h\u00e9llo\n", r.stdout());
        ExecResult empty = engine.run(ExecRequest.of(List.of("cat"), seconds(10)));
        assertEquals(0, empty.exitCode(), "cat ends because stdin is closed, not by the deadline");
        assertFalse(empty.timedOut());
    }

    @Test
    void workingDirectoryIsUsed() throws Exception {
        ExecResult r = engine.run(new ExecRequest(List.of("pwd"), Map.of(), "/usr", null, seconds(10), null));
        assertEquals("/usr\n", r.stdout());
    }

    @Test
    void interruptingTheCallerKillsTheTreeAndReturnsPromptly() throws Exception {
        CompletableFuture<Thread> runner = new CompletableFuture<>();
        CompletableFuture<ExecResult> result = CompletableFuture.supplyAsync(() -> {
            runner.complete(Thread.currentThread());
            try {
                return bash("(sleep 300 &); sleep 300", 300);
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        });
        Thread t = runner.get(5, TimeUnit.SECONDS);
        for (int i = 0; i < 50 && ProcScan.withEnv("ISVC_TEST_MARKER", marker).size() < 3; i++) {
            Thread.sleep(100);
        }
        long t0 = System.nanoTime();
        t.interrupt();
        ExecutionException e = assertThrows(ExecutionException.class, () -> result.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getCause() instanceof InterruptedException);
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) < 5000);
        assertNothingLeft();
    }
}

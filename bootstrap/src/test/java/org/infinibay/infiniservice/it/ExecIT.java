package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.junit.jupiter.api.Test;

/** Unsafe commands and scripts through the real agent: §13 items 14, 15, 23, 28, 52, 61-63. */
class ExecIT extends AgentHarness {

    private HostSimulator attached() throws Exception {
        startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        return h;
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String unsafeCmd(String id, String raw, int timeout, String extra) {
        return "{\"type\":\"UnsafeCommand\",\"id\":\"" + id + "\",\"raw_command\":" + quote(raw) + extra
                + ",\"timeout\":" + timeout + "}";
    }

    @Test
    void keepAliveIsAnsweredWithinOneSecondWhileASlowCommandRuns() throws Exception {
        HostSimulator h = attached();
        String slow = UUID.randomUUID().toString();
        h.sendSigned(unsafeCmd(slow, "sleep 4; echo done", 30, ""));
        Thread.sleep(500);
        long sent = System.currentTimeMillis();
        h.sendSigned("{\"type\":\"keep_alive_request\",\"sequence_number\":7}");
        HostSimulator.Received ka = h.awaitType("keep_alive", Duration.ofSeconds(1));
        assertTrue(ka.receivedAtMs() - sent < 1000);
        JsonObject r = h.awaitResponse(slow, Duration.ofSeconds(10)).json();
        CommandsIT.assertResponseShape(r);
        assertEquals(0, r.integer("exit_code").getAsLong());
        assertEquals("done\n", r.string("stdout").orElseThrow());
        assertEquals("unsafe", r.string("command_type").orElseThrow());
        assertTrue(r.fields().get("data").isNull(), "unsafe responses carry data:null (P24)");
    }

    @Test
    void deadlineKillsTheTreeAndTheChildNeverSeesTheSecret() throws Exception {
        HostSimulator h = attached();
        String marker = "itmarker" + System.nanoTime();
        String id = UUID.randomUUID().toString();
        h.sendSigned(unsafeCmd(id, "echo started; (sleep 300 &) ; sleep 300 # " + marker, 4, ""));
        JsonObject r = h.awaitResponse(id, Duration.ofSeconds(12)).json();
        assertEquals(124, r.integer("exit_code").getAsLong());
        assertEquals("timed out after 2 s", r.string("error").orElseThrow());
        Thread.sleep(6000); // SIGTERM, then SIGKILL 5 s later
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(marker)),
                "no process of the tree survives the deadline");

        String env = UUID.randomUUID().toString();
        h.sendSigned(unsafeCmd(env, "env", 30, ",\"env_vars\":{\"IT_VISIBLE\":\"yes\"}"));
        String out = h.awaitResponse(env, Duration.ofSeconds(10)).json().string("stdout").orElseThrow();
        assertTrue(out.contains("IT_VISIBLE=yes"));
        assertFalse(out.contains("INFINISERVICE_SHARED_SECRET"));
        assertFalse(out.contains(SECRET));

        String bad = UUID.randomUUID().toString();
        h.sendSigned(unsafeCmd(bad, "pwd", 30, ",\"working_dir\":\"/nonexistent/dir\""));
        assertEquals(2, h.awaitResponse(bad, Duration.ofSeconds(5)).json().integer("exit_code").getAsLong());
    }

    /**
     * Issue #13 item 7, through the real agent: the exact reproduction (124 came at 4 s and the sleep
     * lived on) and a double-forked daemon ignoring SIGTERM left by a command that exits at once.
     */
    @Test
    void descendantsThatLeaveTheSessionDieWithTheCommand() throws Exception {
        HostSimulator h = attached();
        long n = System.nanoTime() % 1_000_000;
        String escaped = "300." + n;
        String id = UUID.randomUUID().toString();
        long sent = System.nanoTime();
        h.sendSigned(unsafeCmd(id, "setsid bash -c \"trap '' TERM; sleep " + escaped + "\" & wait", 6, ""));
        JsonObject r = h.awaitResponse(id, Duration.ofSeconds(15)).json();
        long answeredMs = (System.nanoTime() - sent) / 1_000_000;
        assertEquals(124, r.integer("exit_code").getAsLong());
        assertTrue(answeredMs < 6000, "answered at the deadline: " + answeredMs + " ms");
        assertTrue(goneWithin(escaped, 1000), "the sleep in its own session is gone within 1 s of the 124");

        String daemon = "301." + n;
        String quick = UUID.randomUUID().toString();
        h.sendSigned(unsafeCmd(quick, "(setsid sh -c 'trap \"\" TERM; sleep " + daemon + "' >/dev/null 2>&1 &);"
                + " echo started", 30, ""));
        JsonObject q = h.awaitResponse(quick, Duration.ofSeconds(15)).json();
        assertEquals(0, q.integer("exit_code").getAsLong());
        assertEquals("started\n", q.string("stdout").orElseThrow());
        assertTrue(goneWithin(daemon, 1000), "the double-forked daemon went with the command");
    }

    private static boolean goneWithin(String marker, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse("").contains(marker))) {
            if (System.nanoTime() - end > 0) {
                ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker))
                        .forEach(ProcessHandle::destroyForcibly);
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    @Test
    void scriptsRunInOrderAndCompletionsSurviveDetachAndRestartExactlyOnce() throws Exception {
        AgentProcess agent = startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        h.sendSigned("{\"type\":\"pending_scripts_response\",\"scripts\":["
                + script("e1", "echo one", 0) + "," + script("e2", "echo two; exit 3", 0) + ","
                + "{\"execution_id\":\"e3\",\"script_content\":\"\"}]}");
        List<String> order = List.of(
                h.awaitType("script_completion", Duration.ofSeconds(10)).json().string("execution_id").orElseThrow(),
                h.awaitType("script_completion", Duration.ofSeconds(10)).json().string("execution_id").orElseThrow(),
                h.awaitType("script_completion", Duration.ofSeconds(10)).json().string("execution_id").orElseThrow());
        assertTrue(order.indexOf("e1") < order.indexOf("e2"), "sequential in array order: " + order);
        HostSimulator.Received failed = h.await(r -> "agent_event".equals(r.type())
                && "e2".equals(r.json().string("executionId").orElse(null)), Duration.ofSeconds(5));
        assertEquals("warn", failed.json().string("severity").orElseThrow());

        // a script that finishes while the host is away, with an agent restart in between
        h.sendSigned("{\"type\":\"pending_scripts_response\",\"scripts\":[" + script("e4", "sleep 2; echo late", 30)
                + "]}");
        h.pause();
        Thread.sleep(4000);
        agent.close();
        startAgent();
        Thread.sleep(1000);
        h.resume();
        h.awaitConnection(2, Duration.ofSeconds(20));
        HostSimulator.Received late = h.await(r -> "script_completion".equals(r.type())
                && "e4".equals(r.json().string("execution_id").orElse(null)), Duration.ofSeconds(15));
        assertEquals("late\n", late.json().string("stdout").orElseThrow());
        assertEquals(2, late.connection());
        h.disconnect();
        h.awaitConnection(3, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        long e4 = h.received().stream().filter(r -> "script_completion".equals(r.type())
                && "e4".equals(r.json().string("execution_id").orElse(null))).count();
        assertEquals(1, e4, "a completion already written is never re-sent");
    }

    private static String script(String id, String content, int timeout) {
        return "{\"execution_id\":\"" + id + "\",\"script_id\":\"s-" + id + "\",\"script_name\":\"" + id
                + "\",\"script_content\":" + quote(content) + ",\"shell\":\"BASH\",\"execution_type\":\"ON_DEMAND\","
                + "\"input_values\":{},\"timeout_seconds\":" + timeout + ",\"run_as\":null}";
    }
}

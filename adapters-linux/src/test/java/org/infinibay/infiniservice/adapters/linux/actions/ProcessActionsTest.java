package org.infinibay.infiniservice.adapters.linux.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.application.service.actions.ProcessActions;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ProcessList / ProcessTop / ProcessKill against real processes (CONTRACT §8.5.3, §13 items 44, 46). */
class ProcessActionsTest {
    private final ProcessActions actions = new ProcessActions(new ProcfsProcessSource(), new LinuxProcessControl(),
            "linux");
    private Process child;

    @AfterEach
    void cleanup() {
        if (child != null) {
            child.destroyForcibly();
        }
    }

    @Test
    void busyChildShowsNonZeroCpuInBothKeys() throws Exception {
        child = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        Thread.sleep(300);
        ActionResult r = actions.execute(ActionHarness.request("ProcessList", 30, "limit", null));
        assertTrue(r.success());
        JsonArray list = assertInstanceOf(JsonArray.class, r.data());
        JsonObject mine = find(list, child.pid());
        assertNotNull(mine, "busy child listed");
        double cpu = ((JsonFloat) mine.get("cpu_usage").orElseThrow()).value();
        assertTrue(cpu > 10, "busy child cpu_usage " + cpu);
        assertEquals(mine.get("cpu_usage"), mine.get("cpu_percent"));
        for (String k : new String[] {"pid", "ppid", "name", "memory_kb", "status", "command_line", "start_time"}) {
            assertTrue(mine.fields().containsKey(k), k);
        }
        assertTrue(mine.string("start_time").orElse("").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    }

    @Test
    void processTopDefaultsAndSortByMemory() throws Exception {
        ActionResult top = actions.execute(ActionHarness.request("ProcessTop", 30, "limit", null, "sort_by", null));
        assertEquals(10, ((JsonArray) top.data()).size());
        ActionResult mem = actions.execute(ActionHarness.request("ProcessTop", 30, "limit", 5, "sort_by", "MEM"));
        JsonArray items = (JsonArray) mem.data();
        assertEquals(5, items.size());
        long prev = Long.MAX_VALUE;
        for (Json j : items.items()) {
            long kb = ((JsonObject) j).integer("memory_kb").orElseThrow();
            assertTrue(kb <= prev);
            prev = kb;
        }
        ActionResult bad = actions.execute(ActionHarness.request("ProcessTop", 30, "sort_by", "disk"));
        assertEquals(2, bad.exitCode());
        assertEquals(JsonArray.EMPTY, bad.data(), "data never null");
    }

    @Test
    void killSendsTermThenForceSendsKill() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        ActionResult r = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", child.pid(), "force", null));
        assertTrue(r.success(), r.error());
        JsonObject d = (JsonObject) r.data();
        assertEquals("TERM", d.string("signal").orElseThrow());
        assertTrue(d.bool("terminated").orElseThrow());
        assertTrue(child.waitFor(5, TimeUnit.SECONDS));
        assertEquals(128 + 15, child.exitValue(), "killed by SIGTERM");

        // a child that ignores TERM survives the graceful kill and dies with force
        child = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 60 & wait").start();
        Thread.sleep(300);
        ActionResult graceful = actions.execute(ActionHarness.request("ProcessKill", 8, "pid", child.pid()));
        assertFalse(((JsonObject) graceful.data()).bool("terminated").orElseThrow());
        ActionResult forced = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", child.pid(), "force",
                true));
        assertEquals("KILL", ((JsonObject) forced.data()).string("signal").orElseThrow());
        assertTrue(((JsonObject) forced.data()).bool("terminated").orElseThrow());
        assertTrue(child.waitFor(5, TimeUnit.SECONDS));
        assertEquals(128 + 9, child.exitValue());
    }

    @Test
    void refusesPidOneOwnPidAndMissingPid() throws Exception {
        ActionResult one = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", 1, "force", true));
        assertEquals(1, one.exitCode());
        assertTrue(one.error().startsWith("refused: protected process"), one.error());
        assertNotNull(one.data());
        ActionResult own = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", ProcessHandle.current().pid(),
                "force", true));
        assertTrue(own.error().startsWith("refused: protected process"), own.error());
        ActionResult missing = actions.execute(ActionHarness.request("ProcessKill", 30));
        assertEquals(2, missing.exitCode());
        assertEquals("invalid pid: missing", missing.error());
        assertNotNull(missing.data());
    }

    @Test
    void refusesKernelThreadUnlessForced() throws Exception {
        // pid 2 is kthreadd on a normal kernel; in a PID namespace it is an ordinary process
        var id = new LinuxProcessControl().identify(2);
        org.junit.jupiter.api.Assumptions.assumeTrue(id.isPresent() && id.get().kernelThread()
                && id.get().name().equals("kthreadd"), "no kthreadd visible in this PID namespace");
        ActionResult r = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", 2));
        assertEquals("refused: protected process kthreadd", r.error());
    }

    private static JsonObject find(JsonArray list, long pid) {
        for (Json j : list.items()) {
            JsonObject o = (JsonObject) j;
            if (o.integer("pid").orElse(-1) == pid) {
                return o;
            }
        }
        return null;
    }
}

package org.infinibay.infiniservice.adapters.linux.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.service.actions.ProcessActions;
import org.infinibay.infiniservice.application.service.policy.GuestPolicy;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.PatternRule;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.policy.SelfBudget;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ProcessList / ProcessTop / ProcessKill against real processes (CONTRACT §8.5.3, §13 items 44, 46). */
class ProcessActionsTest {
    private final ProcessActions actions = new ProcessActions(new ProcfsProcessSource(), new LinuxProcessControl());
    private Process child;

    @TempDir
    Path tmp;

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

    /**
     * Issue #13 item 4: {@code kill(2)} with a thread id signals the whole process. A thread id of a
     * real multi-threaded child is refused, the child lives; its own pid still works.
     */
    @Test
    void aThreadIdIsRefusedAndTheProcessLives() throws Exception {
        child = threadedChild(javaBinary());
        long tid = workerThread(child.pid());
        for (boolean force : new boolean[] {false, true}) {
            ActionResult r = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", tid, "force", force));
            assertEquals(1, r.exitCode(), r.error());
            assertEquals("refused: " + tid + " is a thread of process " + child.pid() + " (java), not a process; "
                    + "ProcessKill takes a process id", r.error());
            assertFalse(((JsonObject) r.data()).bool("terminated").orElseThrow());
        }
        assertFalse(child.waitFor(500, TimeUnit.MILLISECONDS), "the child survived both attempts");
        ActionResult leader = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", child.pid()));
        assertTrue(leader.success(), leader.error());
        assertTrue(child.waitFor(5, TimeUnit.SECONDS));
    }

    /** Item 4: a worker thread of a process named {@code systemd} is refused like its pid. */
    @Test
    void aThreadOfAProtectedProcessIsRefused() throws Exception {
        Path systemd = tmp.resolve("systemd");
        Files.createSymbolicLink(systemd, javaBinary().toRealPath());
        child = threadedChild(systemd);
        assertEquals("systemd", Files.readString(Path.of("/proc/" + child.pid() + "/comm")).strip());
        long tid = workerThread(child.pid());
        ActionResult byPid = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", child.pid()));
        assertEquals("refused: protected process systemd", byPid.error());
        ActionResult byTid = actions.execute(ActionHarness.request("ProcessKill", 30, "pid", tid));
        assertEquals(1, byTid.exitCode());
        assertTrue(byTid.error().startsWith("refused: " + tid + " is a thread of process " + child.pid()
                + " (systemd)"), byTid.error());
        assertTrue(child.isAlive(), "the process named systemd still runs");

        // item 5c: the guest policy judges a thread id by its process's name
        LinuxProcessControl control = new LinuxProcessControl();
        assertEquals(Optional.of("systemd"), control.processName(tid));
        GuestPolicy noSystemd = new GuestPolicy(true, true, PatternRule.ANY, PatternRule.ANY, PatternRule.ANY,
                new PatternRule(null, List.of("systemd")), PatternRule.ANY, PatternRule.ANY, SelfBudget.DEFAULT);
        PolicyEvaluator policy = new PolicyEvaluator(new LoadedPolicy(noSystemd, "test", "sha256:x", null),
                u -> u == null, "root", s -> Optional.empty(), control::processName);
        JsonObject kill = JsonObject.builder().put("action", "ProcessKill").put("pid", tid).build();
        assertEquals("processes.deny \"systemd\" matches \"systemd\"",
                policy.safeCommand("ProcessKill", new ActionParameters(kill, null)).rule());
    }

    /**
     * Item 4: thread ids of PID 1 and of this very JVM are refused before anything is signalled (the
     * control below fails the test if a signal is even attempted: these targets must never be hit).
     */
    @Test
    void threadIdsOfPidOneAndOfTheAgentNeverReachKill() throws Exception {
        AtomicInteger signals = new AtomicInteger();
        ProcessControl guarded = new ProcessControl() {
            private final LinuxProcessControl real = new LinuxProcessControl();

            @Override
            public Optional<ProcessIdentity> identify(long pid) {
                return real.identify(pid);
            }

            @Override
            public boolean reservedPid(long pid) {
                return real.reservedPid(pid);
            }

            @Override
            public boolean isProtected(ProcessIdentity process) {
                return real.isProtected(process);
            }

            @Override
            public boolean signal(long pid, boolean force, Duration wait) {
                signals.incrementAndGet();
                return false;
            }

            @Override
            public boolean signal(ProcessIdentity target, boolean force, Duration wait) {
                signals.incrementAndGet();
                return false;
            }
        };
        ProcessActions safe = new ProcessActions(new ProcfsProcessSource(), guarded);
        List<Long> targets = new ArrayList<>(threadsOf(1));
        int pidOneThreads = targets.size();
        targets.addAll(threadsOf(ProcessHandle.current().pid()));
        Assumptions.assumeTrue(!targets.isEmpty(), "no thread ids visible");
        int refused = 0;
        for (long tid : targets) {
            for (boolean force : new boolean[] {false, true}) {
                ActionResult r = safe.execute(ActionHarness.request("ProcessKill", 30, "pid", tid, "force", force));
                assertEquals(1, r.exitCode(), tid + ": " + r.error());
                if (r.error().equals("no such process: " + tid) && !Files.exists(Path.of("/proc/" + tid))) {
                    continue; // a short-lived thread (JIT, GC, test runner) ended after it was listed
                }
                assertTrue(r.error().startsWith("refused: " + tid + " is a thread of process "), r.error());
                refused++;
            }
        }
        assertTrue(refused > 0, "the long-lived threads were refused as threads");
        assertEquals(0, signals.get(), "nothing was signalled");
        ActionResult own = safe.execute(ActionHarness.request("ProcessKill", 30, "pid",
                threadsOf(ProcessHandle.current().pid()).get(0)));
        assertTrue(own.error().contains("(infiniservice (the agent itself))"), own.error());
        System.out.println("refused " + pidOneThreads + " thread ids of PID 1 and " + (targets.size() - pidOneThreads)
                + " of this JVM, 0 signals");
    }

    /** The id re-use guard: an identity whose start time no longer matches is never signalled. */
    @Test
    void aReusedIdIsNotSignalled() throws Exception {
        child = new ProcessBuilder("sleep", "60").start();
        LinuxProcessControl control = new LinuxProcessControl();
        ProcessControl.ProcessIdentity now = control.identify(child.pid()).orElseThrow();
        assertEquals(child.pid(), now.tgid());
        assertTrue(now.startTime() > 0);
        ProcessControl.ProcessIdentity earlier = new ProcessControl.ProcessIdentity(now.pid(), now.ppid(), now.name(),
                false, now.tgid(), now.startTime() - 1);
        OsOperationException e = org.junit.jupiter.api.Assertions.assertThrows(OsOperationException.class,
                () -> control.signal(earlier, true, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("now names another process"), e.getMessage());
        assertTrue(child.isAlive());
        assertTrue(control.signal(now, true, Duration.ofSeconds(5)));
        assertTrue(child.waitFor(5, TimeUnit.SECONDS));
    }

    @Test
    void tgidAndStartTimeAreParsed() {
        assertEquals(4321, LinuxProcessControl.parseTgid("Name:\tx\nUmask:\t0022\nState:\tS\nTgid:\t4321\nPid:\t4330\n"));
        ProcessControl.ProcessIdentity id = LinuxProcessControl.parseStat(4330, "4330 (a) b) S 1 1 1 0 -1 4194304 0 0 0 0"
                + " 0 0 0 0 20 0 19 0 987654 0 0", 4321).orElseThrow();
        assertEquals("a) b", id.name());
        assertEquals(987654, id.startTime());
        assertTrue(id.isThread());
        assertFalse(id.kernelThread());
        assertTrue(LinuxProcessControl.parseStat(50, "50 (kworker/0:1) I 2 0 0 0 -1 69238880 0 0 0 0 0 0 0 0 20 0 1 0"
                + " 12 0 0").orElseThrow().kernelThread());
    }

    private static Path javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A real JVM with worker threads, started through {@code launcher} (its name becomes the process name). */
    private static Process threadedChild(Path launcher) throws Exception {
        String cp = Path.of(ThreadedChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(launcher.toString(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx16m",
                "-cp", cp, ThreadedChild.class.getName()).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", out.readLine());
        return p;
    }

    /** A thread id of {@code pid} other than the pid itself. */
    private static long workerThread(long pid) throws Exception {
        List<Long> tids = threadsOf(pid);
        assertFalse(tids.isEmpty(), "a JVM has more than one thread");
        return tids.get(tids.size() - 1);
    }

    private static List<Long> threadsOf(long pid) throws Exception {
        List<Long> out = new ArrayList<>();
        try (var ds = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : ds) {
                long tid = Long.parseLong(t.getFileName().toString());
                if (tid != pid) {
                    out.add(tid);
                }
            }
        }
        out.sort(null);
        return out;
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

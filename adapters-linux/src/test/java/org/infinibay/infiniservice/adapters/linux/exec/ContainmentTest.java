package org.infinibay.infiniservice.adapters.linux.exec;

import org.infinibay.infiniservice.adapters.posix.accounts.PasswdUserDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.exec.RunLedger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue #13 item 7: descendants cannot outlive a command's deadline, however they re-parent or
 * whichever signals they ignore. Each containment mechanism is exercised on this machine (hybrid
 * cgroup v1 + v2): the exact reproduction, double-forked daemons, and recovery after an agent death.
 */
class ContainmentTest {
    /** SIGTERM at the deadline, SIGKILL 5 s later (CONTRACT §10.2), plus scheduling slack on a busy machine. */
    private static final long KILL_GRACE_MS = 5000;
    private static final long MARGIN_MS = 1500;

    @TempDir
    Path state;

    private final String marker = UUID.randomUUID().toString();

    private ExecutionEngine engine(Set<Cgroups.Kind> kinds, RunLedger ledger) {
        LinuxProcessLauncher launcher = new LinuxProcessLauncher(new PasswdUserDirectory(), Path.of("/proc"), kinds);
        return new ExecutionEngine(launcher, System::getenv, ExecutionEngine.DEFAULT_SECRET_NAMES, AgentClock.SYSTEM,
                4, ledger);
    }

    private static void assumeKind(Cgroups.Kind kind) {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "cgroups need root; skipped");
        Cgroups.Detection d = Cgroups.detect(Path.of("/proc"), EnumSet.of(kind));
        Assumptions.assumeTrue(d.cgroups() != null && d.cgroups().kind == kind,
                kind + " not available here: " + d.unavailable());
    }

    private ExecResult bash(ExecutionEngine engine, String script, long deadlineSeconds) throws InterruptedException {
        return engine.run(new ExecRequest(List.of("bash", "-c", script), Map.of("ISVC_TEST_MARKER", marker), null, null,
                new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(deadlineSeconds), deadlineSeconds), null));
    }

    private List<Long> left() {
        return ProcScan.withEnv("ISVC_TEST_MARKER", marker);
    }

    /**
     * The reproduction of the issue: {@code setsid bash -c "trap '' TERM; sleep 300" & wait}, deadline
     * 4 s (wire timeout 6). The old launcher returned 124 at 4 s and the sleep lived on (it had left
     * the session, the group and, once its parent died, the JVM's tree).
     */
    @ParameterizedTest
    @Execution(ExecutionMode.CONCURRENT) // waits for real deadlines: the cases run side by side
    @EnumSource(Cgroups.Kind.class)
    void aSetsidChildIgnoringSigtermIsGoneByTheDeadline(Cgroups.Kind kind) throws Exception {
        assumeKind(kind);
        ExecutionEngine engine = engine(EnumSet.of(kind), null);
        try {
            long t0 = System.nanoTime();
            ExecResult r = bash(engine, "setsid bash -c \"trap '' TERM; sleep 300\" & wait", 4);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            List<Long> survivors = left();
            assertEquals(124, r.exitCode());
            assertEquals(List.of(), survivors, kind + ": descendants alive when the command's result came back");
            assertTrue(ms < 4000 + KILL_GRACE_MS + MARGIN_MS, kind + ": took " + ms + " ms");
        } finally {
            cleanUp();
            engine.close();
        }
    }

    /** Daemons that double-fork, make their own session and ignore SIGTERM, left by a command that exits at once. */
    @ParameterizedTest
    @Execution(ExecutionMode.CONCURRENT) // waits for real deadlines: the cases run side by side
    @EnumSource(Cgroups.Kind.class)
    void doubleForkedDaemonsAreStoppedWhenTheCommandIsOver(Cgroups.Kind kind) throws Exception {
        assumeKind(kind);
        ExecutionEngine engine = engine(EnumSet.of(kind), null);
        try {
            long t0 = System.nanoTime();
            ExecResult r = bash(engine, "(setsid sh -c 'trap \"\" TERM; sleep 301' > /dev/null 2>&1 &); "
                    + "sh -c 'sh -c \"exec setsid sleep 302 </dev/null >/dev/null 2>&1 &\" &'; "
                    + "setsid -f sleep 303 > /dev/null 2>&1; echo started", 60);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            List<Long> survivors = left();
            assertEquals(0, r.exitCode(), r.stderr());
            assertEquals("started\n", r.stdout());
            assertEquals(List.of(), survivors, kind + ": a daemon outlived the command");
            assertTrue(ms < KILL_GRACE_MS + MARGIN_MS + 2000, kind + ": took " + ms + " ms");
        } finally {
            cleanUp();
            engine.close();
        }
    }

    /** The caller gives up (the command's deadline in the dispatcher): everything goes at once, with SIGKILL. */
    @Test
    void interruptingTheCallerKillsEscapedDescendantsAtOnce() throws Exception {
        assumeKind(Cgroups.Kind.V2_KILL);
        ExecutionEngine engine = engine(EnumSet.allOf(Cgroups.Kind.class), null);
        try {
            CompletableFuture<Thread> runner = new CompletableFuture<>();
            CompletableFuture<ExecResult> result = CompletableFuture.supplyAsync(() -> {
                runner.complete(Thread.currentThread());
                try {
                    return bash(engine, "setsid bash -c \"trap '' TERM; sleep 300\" & wait", 300);
                } catch (InterruptedException e) {
                    return null;
                }
            });
            Thread t = runner.get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 50 && left().size() < 3; i++) {
                Thread.sleep(100);
            }
            long t0 = System.nanoTime();
            t.interrupt();
            result.get(10, TimeUnit.SECONDS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(List.of(), left(), "the escaped sleep is gone when the engine returns");
            assertTrue(ms < 2000, "SIGKILL at once, took " + ms + " ms");
        } finally {
            cleanUp();
            engine.close();
        }
    }

    /**
     * An agent that dies leaves its programs running in their cgroups, recorded in the state
     * directory; the next agent (a new engine on the same state directory) kills them, and only them.
     */
    @ParameterizedTest
    @EnumSource(Cgroups.Kind.class)
    void theNextAgentStopsWhatADeadOneLeftRunning(Cgroups.Kind kind) throws Exception {
        assumeKind(kind);
        FileStateStore store = new FileStateStore(state);
        ExecutionEngine dead = engine(EnumSet.of(kind), new RunLedger(store));
        Thread orphanRunner = new Thread(() -> {
            try {
                dead.run(new ExecRequest(List.of("bash", "-c", "setsid sleep 304 & sleep 305"),
                        Map.of("ISVC_TEST_MARKER", marker), null, null,
                        new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(600), 600), null, "s-test-1"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        orphanRunner.setDaemon(true);
        orphanRunner.start();
        Process bystander = new ProcessBuilder("sleep", "306").start(); // not the dead agent's: must survive
        try {
            for (int i = 0; i < 50 && left().size() < 3; i++) {
                Thread.sleep(100);
            }
            assertEquals(3, left().size(), "bash, the sleep and the setsid sleep run");
            String ledger = Files.readString(state.resolve("running-programs.log"));
            assertTrue(ledger.startsWith("+s-test-1 "), ledger);
            // "the agent dies": its engine is abandoned with the programs running; a new one starts
            ExecutionEngine next = engine(EnumSet.of(kind), new RunLedger(new FileStateStore(state)));
            long t0 = System.nanoTime();
            Set<String> killed = next.recoverLeftovers();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(Set.of("s-test-1"), killed);
            for (int i = 0; i < 20 && !left().isEmpty(); i++) {
                Thread.sleep(50);
            }
            assertEquals(List.of(), left(), kind + ": every process of the dead agent's run is gone");
            assertTrue(bystander.isAlive(), "a process outside the recorded container is never touched");
            assertEquals(Set.of(), next.recoverLeftovers(), "handed out once");
            System.out.println("[containment] " + kind + ": leftovers of a dead agent stopped in " + ms + " ms");
            next.close();
        } finally {
            bystander.destroyForcibly();
            cleanUp();
            orphanRunner.interrupt();
            orphanRunner.join(10_000);
            dead.close();
        }
    }

    /**
     * A run_as run: {@code runuser}'s PAM session may make logind move the program into a session
     * scope (RHEL's {@code system-auth} holds {@code pam_systemd}). The test does that move itself, as
     * logind would; the run's session still reaches the process at the deadline, and the record holds
     * both the cgroup and the session.
     */
    @Test
    @Execution(ExecutionMode.CONCURRENT) // waits for real deadlines: the cases run side by side
    void aRunAsProgramMovedOutOfItsCgroupIsStillStoppedThroughItsSession() throws Exception {
        assumeKind(Cgroups.Kind.V2_KILL);
        Cgroups cg = Cgroups.detect(Path.of("/proc"), EnumSet.of(Cgroups.Kind.V2_KILL)).cgroups();
        ExecutionEngine engine = engine(EnumSet.of(Cgroups.Kind.V2_KILL), new RunLedger(new FileStateStore(state)));
        try {
            CompletableFuture<ExecResult> result = CompletableFuture.supplyAsync(() -> {
                try {
                    return engine.run(new ExecRequest(List.of("bash", "-c", "trap '' TERM; sleep 308 & wait"),
                            Map.of("ISVC_TEST_MARKER", marker), null, "nobody",
                            new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(3), 3), null, "u-test-1"));
                } catch (InterruptedException e) {
                    return null;
                }
            });
            for (int i = 0; i < 50 && left().size() < 3; i++) {
                Thread.sleep(100);
            }
            assertEquals(3, left().size(), "runuser (it waits for its PAM session), bash and sleep");
            for (long pid : left()) { // what logind does with a PAM session: out of the run's cgroup
                Files.writeString(cg.base.resolve("cgroup.procs"), Long.toString(pid));
            }
            String record = Files.readString(state.resolve("running-programs.log"));
            assertTrue(record.contains("cgroup2 ") && record.contains(" ; pgid "), record);
            ExecResult r = result.get(20, TimeUnit.SECONDS);
            assertEquals(124, r.exitCode());
            assertEquals(List.of(), left(), "the moved processes died with their session");
        } finally {
            cleanUp();
            engine.close();
        }
    }

    /** Without cgroups the record is the leader's pid and start time: a recycled pid is never killed. */
    @Test
    @Execution(ExecutionMode.CONCURRENT) // waits for real deadlines: the cases run side by side
    void aRecordWhosePidWasRecycledIsLeftAlone() throws Exception {
        LinuxProcessLauncher launcher = new LinuxProcessLauncher(new PasswdUserDirectory(), Path.of("/proc"),
                Set.of());
        Process stranger = new ProcessBuilder("setsid", "sleep", "307").start();
        try {
            Thread.sleep(200);
            long start = ProcStat.of(Path.of("/proc"), stranger.pid()).orElseThrow().startTime();
            assertFalse(launcher.stopLeftover("pgid " + stranger.pid() + " " + (start - 1)),
                    "another start time: the pid now belongs to someone else");
            assertTrue(stranger.isAlive());
            assertFalse(launcher.stopLeftover("cgroup2 /sys/fs/cgroup"), "not a container of ours");
            assertTrue(launcher.stopLeftover("pgid " + stranger.pid() + " " + start), "the recorded process itself");
            assertTrue(stranger.waitFor(5, TimeUnit.SECONDS));
        } finally {
            stranger.destroyForcibly();
        }
    }

    @Test
    void containmentIsDescribedForDiagnose() {
        String d = new LinuxProcessLauncher(new PasswdUserDirectory()).containment();
        if ("root".equals(System.getProperty("user.name"))) {
            assertTrue(d.startsWith("cgroup"), d); // this machine has both hierarchies
        } else {
            assertTrue(d.contains("DEGRADED"), d);
        }
        assertTrue(new LinuxProcessLauncher(new PasswdUserDirectory(), Path.of("/proc"), Set.of()).containment()
                .startsWith("process group and session only (DEGRADED"));
    }

    /**
     * Detections running at the same moment in one process (engines made side by side) each find their
     * hierarchy usable: the probe directory was named by pid alone, so one detection deleted the
     * other's probe and reported the cgroup "not usable" (seen when these cases first ran in parallel).
     */
    @ParameterizedTest
    @EnumSource(Cgroups.Kind.class)
    void detectionsAtTheSameTimeAllFindTheHierarchy(Cgroups.Kind kind) throws Exception {
        assumeKind(kind);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Cgroups.Detection>> all = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                all.add(pool.submit(() -> {
                    go.await();
                    return Cgroups.detect(Path.of("/proc"), EnumSet.of(kind));
                }));
            }
            go.countDown();
            for (Future<Cgroups.Detection> f : all) {
                Cgroups.Detection d = f.get(30, TimeUnit.SECONDS);
                assertTrue(d.cgroups() != null && d.cgroups().kind == kind, kind + ": " + d.unavailable());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void cleanUp() {
        for (long pid : left()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}

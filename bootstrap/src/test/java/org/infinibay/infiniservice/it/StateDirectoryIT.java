package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Issue #13 item 9: the real agent on an unusable state directory (a read-only bind mount, a full
 * 64 KiB tmpfs) degrades instead of stopping: it attaches, sends metrics, answers read-only commands,
 * refuses state-changing ones with the reason, tells the host (agent_event) and the journal, and
 * still admits a single instance. On the old code it exited 1 with a FileSystemException stack trace
 * from InstanceLock before attaching.
 */
class StateDirectoryIT extends AgentHarness {

    private static boolean mount(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("mount"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static void umount(Path p) throws Exception {
        new ProcessBuilder("umount", "-l", p.toString()).start().waitFor(30, TimeUnit.SECONDS);
    }

    @Test
    void aReadOnlyStateDirectoryDegradesTheAgent() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path state = Files.createDirectories(tmp.resolve("state"));
        assumeTrue(mount("--bind", state.toString(), state.toString()), "bind mounts are not allowed here");
        try {
            assertTrue(mount("-o", "remount,ro,bind", state.toString()));
            degradedButAlive(state, "Read-only file system");
        } finally {
            closeAgents();
            umount(state);
        }
    }

    @Test
    void aFullStateDirectoryDegradesTheAgent() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting needs root");
        Path state = Files.createDirectories(tmp.resolve("state"));
        assumeTrue(mount("-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", state.toString()), "tmpfs not allowed");
        try {
            try (var out = Files.newOutputStream(state.resolve("filler"))) {
                byte[] block = new byte[4096];
                while (true) {
                    out.write(block);
                    out.flush();
                }
            } catch (IOException e) {
                assertTrue(String.valueOf(e.getMessage()).contains("No space left"), e.toString());
            }
            degradedButAlive(state, "No space left on device");
        } finally {
            closeAgents();
            umount(state);
        }
    }

    private void degradedButAlive(Path state, String why) throws Exception {
        long t0 = System.nanoTime();
        AgentProcess agent = startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(30));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(20)); // after the attach's metrics
        double attachSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(agent.process().isAlive());
        assertTrue(h.received().stream().anyMatch(r -> "metrics".equals(r.type())), "metrics flow");
        JsonObject event = h.received().stream().filter(r -> "agent_event".equals(r.type())
                && "lockdown".equals(r.json().string("source").orElse(null))).findFirst().orElseThrow().json();
        assertEquals("error", event.string("severity").orElseThrow());
        assertTrue(event.string("message").orElseThrow().contains("the state directory " + state + " is not usable ("
                + why + ")"), event.toString());

        String info = UUID.randomUUID().toString();
        h.sendSigned(HostSimulator.safeCommand(info, "SystemInfo", 30));
        assertTrue(h.awaitResponse(info, Duration.ofSeconds(20)).json().bool("success").orElseThrow(),
                "read-only commands are answered");

        String unsafe = UUID.randomUUID().toString();
        h.sendSigned(ExecIT.unsafeCmd(unsafe, "touch " + tmp.resolve("ran"), 30, ""));
        JsonObject r = h.awaitResponse(unsafe, Duration.ofSeconds(20)).json();
        assertFalse(r.bool("success").orElseThrow());
        assertEquals("refused: agent locked down: the state directory " + state + " is not usable (" + why
                + "); only metrics and read-only actions until this is fixed", r.string("error").orElseThrow());
        assertFalse(Files.exists(tmp.resolve("ran")), "nothing ran");

        // still one instance only
        Path sock2 = tmp.resolve("second.sock");
        try (HostSimulator second = new HostSimulator(sock2, SECRET);
             AgentProcess other = AgentProcess.start(List.of("run", "--device", "unix:" + sock2, "--state-dir",
                     state.toString()), Map.of(), tmp.resolve("second"))) {
            assertTrue(other.waitFor(60), "the second instance stops at once");
            assertEquals(3, other.process().exitValue(), other.log());
            assertTrue(other.log().contains("another InfiniService instance is running"), other.log());
        }

        // diagnose says so and fails
        Process d = new ProcessBuilder(AgentProcess.javaCommand(List.of("diagnose", "--device", "/nonexistent/port",
                "--state-dir", state.toString()))).redirectErrorStream(true).start();
        String report = new String(d.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(d.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, d.exitValue(), report);
        assertTrue(report.contains("NOT USABLE") && report.contains("the agent runs DEGRADED"), report);

        String log = agent.log();
        assertTrue(log.contains("ERROR StateDirectoryCheck the state directory " + state + " is not usable (" + why
                + "): the agent runs DEGRADED"), log);
        assertFalse(log.contains("Exception in thread") || log.contains("\tat org.infinibay"), "no stack trace: " + log);
        System.out.printf("state directory (%s): attached and metrics in %.2f s, degraded, single instance kept%n",
                why, attachSeconds);
    }

    private void closeAgents() throws InterruptedException {
        for (AgentProcess a : agents) {
            a.close();
        }
    }
}

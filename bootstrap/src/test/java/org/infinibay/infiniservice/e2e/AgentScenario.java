package org.infinibay.infiniservice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.infinibay.infiniservice.bootstrap.hostsim.HostPayloads;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.it.AgentProcess;
import org.infinibay.infiniservice.it.WireRules;

/**
 * The one end-to-end scenario, the same on Linux and Windows: the real agent ({@code run}, its own
 * process) against the host simulator through an {@link AgentTransport}, with the differences of the
 * contract between the systems in {@link PlatformExpectations}. Steps: attach sequence; metrics;
 * SystemInfo; ServiceList/ServiceControl; ProcessList and ProcessKill; an unsafe command whose whole
 * process tree is killed at its deadline; ExecutePowerShellScript; a forged envelope refused; detach
 * and re-attach with the attach sequence again. Afterwards every line is checked against the wire
 * rules and the agent's log for the secret.
 */
final class AgentScenario {
    static final String VM_ID = "0e2e0e2e-1111-4222-8333-444455556666";
    static final String SECRET = HmacSigner.deriveSecret("e2e-master-secret", VM_ID);

    private final AgentTransport transport;
    private final PlatformExpectations platform;
    private final Path work;
    private HostSimulator host;
    private AgentProcess agent;

    AgentScenario(AgentTransport transport, PlatformExpectations platform, Path work) {
        this.transport = transport;
        this.platform = platform;
        this.work = work;
    }

    void run() throws Exception {
        host = new HostSimulator(work.resolve("host.sock"), SECRET);
        try {
            transport.start(host);
            Map<String, String> env = new HashMap<>();
            env.put("INFINIBAY_VM_ID", VM_ID);
            env.put("INFINISERVICE_SHARED_SECRET", SECRET);
            agent = AgentProcess.start(List.of("run", "--device", transport.device(), "--interval", "2",
                    "--state-dir", work.resolve("state").toString()), env, work);
            attachSequence(1, Duration.ofSeconds(30));
            systemInfo();
            platform.serviceSteps(this::safe);
            processListAndKill();
            unsafeTreeKilledAtDeadline();
            platform.powerShellStep(this::safe);
            forgedEnvelopeRefused();
            transport.detach();
            transport.reattach();
            attachSequence(2, transport.reattachWithin());
            systemInfo(); // commands work on the new attachment
            checkEverythingTheAgentSent();
        } finally {
            if (agent != null) {
                agent.close();
            }
            transport.close();
            host.close();
        }
    }

    /** §3.4: handshake first, metrics within 5 s, then request_pending_scripts. */
    private void attachSequence(int connection, Duration within) throws Exception {
        host.awaitConnection(connection, within);
        // hosts skip empty lines (§2.1): a Windows agent probes a silent port with a bare "\n"
        HostSimulator.Received first = host.await(r -> r.connection() == connection && !r.raw().isEmpty(), within);
        assertEquals("handshake", first.type(), "first line of attachment " + connection + ": " + first.raw());
        assertEquals(VM_ID, first.json().string("vm_id").orElseThrow());
        assertEquals(platform.platform(), first.json().string("platform").orElseThrow());
        HostSimulator.Received metrics = host.await(r -> r.connection() == connection && "metrics".equals(r.type()),
                Duration.ofSeconds(10));
        assertTrue(metrics.receivedAtMs() - first.receivedAtMs() <= 5_000, "metrics within 5 s of the handshake");
        platform.checkMetrics(metrics.json().object("data").orElseThrow());
        host.await(r -> r.connection() == connection && "request_pending_scripts".equals(r.type()),
                Duration.ofSeconds(10));
    }

    /** Sends a signed SafeCommand and returns its response. */
    JsonObject safe(String action, String commandTypeFields, int timeoutSeconds) throws Exception {
        String id = UUID.randomUUID().toString();
        host.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":{\"action\":\"" + action
                + "\"" + commandTypeFields + "},\"params\":null,\"timeout\":" + timeoutSeconds + "}");
        JsonObject r = host.awaitResponse(id, Duration.ofSeconds(timeoutSeconds + 5L)).json();
        assertEquals(action, r.string("command_type").orElseThrow());
        return r;
    }

    private void systemInfo() throws Exception {
        long before = System.currentTimeMillis();
        JsonObject r = safe("SystemInfo", "", 30);
        assertEquals(true, r.bool("success").orElseThrow(), r.toString());
        assertFalse(r.fields().get("data").isNull());
        host.await(m -> "metrics".equals(m.type()) && m.receivedAtMs() >= before, Duration.ofSeconds(10));
    }

    private void processListAndKill() throws Exception {
        JsonObject list = safe("ProcessList", ",\"limit\":1000", 30);
        assertEquals(true, list.bool("success").orElseThrow(), list.toString());
        long agentPid = agent.process().pid();
        boolean listed = false;
        for (Json p : ((JsonArray) list.get("data").orElseThrow()).items()) {
            listed |= ((JsonObject) p).integer("pid").orElse(-1) == agentPid;
        }
        assertTrue(listed, "ProcessList lists the agent itself (pid " + agentPid + ")");

        Process victim = platform.startKillable();
        try {
            JsonObject kill = safe("ProcessKill", ",\"pid\":" + victim.pid() + ",\"force\":true", 30);
            assertEquals(true, kill.bool("success").orElseThrow(), kill.toString());
            assertEquals(true, kill.object("data").orElseThrow().bool("terminated").orElseThrow());
            assertTrue(victim.waitFor(10, TimeUnit.SECONDS), "the process is gone");
            JsonObject self = safe("ProcessKill", ",\"pid\":" + agentPid + ",\"force\":true", 30);
            assertEquals(false, self.bool("success").orElseThrow(), "the agent never kills itself: " + self);
        } finally {
            victim.destroyForcibly();
        }
    }

    /** §10.2: at the deadline the whole tree goes (Linux: process group; Windows: Job object), exit 124. */
    private void unsafeTreeKilledAtDeadline() throws Exception {
        List<String> shellAndRaw = platform.endlessTree();
        String shell = shellAndRaw.get(0) == null ? "null" : HostPayloads.quote(shellAndRaw.get(0));
        String id = UUID.randomUUID().toString();
        host.sendSigned("{\"type\":\"UnsafeCommand\",\"id\":\"" + id + "\",\"raw_command\":"
                + HostPayloads.quote(shellAndRaw.get(1)) + ",\"shell\":" + shell + ",\"timeout\":6}");
        Thread.sleep(2_500); // the shell, its child and grandchild are running
        List<ProcessHandle> tree = agent.process().toHandle().descendants().collect(Collectors.toList());
        assertTrue(tree.size() >= 2, "the command started a tree: " + describe(tree));
        JsonObject r = host.awaitResponse(id, Duration.ofSeconds(20)).json();
        assertEquals(124, r.integer("exit_code").getAsLong(), r.toString());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // Linux: SIGKILL 5 s after SIGTERM
        List<ProcessHandle> alive = new ArrayList<>(tree);
        while (System.nanoTime() < until) {
            alive.removeIf(p -> !p.isAlive());
            if (alive.isEmpty()) {
                break;
            }
            Thread.sleep(200);
        }
        assertEquals(List.of(), describe(alive), "no process of the tree survives the deadline");
    }

    private static List<String> describe(List<ProcessHandle> handles) {
        return handles.stream().map(h -> h.pid() + ":" + h.info().command().orElse("?")).collect(Collectors.toList());
    }

    /** §4: a tampered envelope runs nothing, gets no response, and is reported (once) as BadSignature. */
    private void forgedEnvelopeRefused() throws Exception {
        String id = UUID.randomUUID().toString();
        String genuine = host.envelope(HostSimulator.safeCommand(id, "SystemInfo", 30),
                System.currentTimeMillis() + host.clockOffsetMs(), UUID.randomUUID().toString());
        host.sendRaw(genuine.replace("SystemInfo", "ProcessList"));
        assertThrows(IllegalStateException.class, () -> host.awaitResponse(id, Duration.ofSeconds(3)),
                "a forged envelope gets no response");
        assertTrue(host.received().stream().anyMatch(r -> "agent_event".equals(r.type())
                && r.raw().contains("\"reason\":\"BadSignature\"")), "reported as BadSignature");
    }

    private void checkEverythingTheAgentSent() {
        List<String> violations = new ArrayList<>();
        for (HostSimulator.Received r : host.received()) {
            if (r.raw().isEmpty()) {
                continue; // §2.1: empty lines are skipped by the host (the Windows attach probe)
            }
            WireRules.framing(r.raw(), r.json()).forEach(v -> violations.add(r.type() + ": " + v));
            if ("metrics".equals(r.type())) {
                WireRules.metrics(r.json()).forEach(v -> violations.add("metrics: " + v));
            }
        }
        assertEquals(List.of(), violations, "every line conforms to the wire rules");
        String log = agent.log();
        assertFalse(log.contains(SECRET), "the secret never appears in the log");
        assertFalse(log.contains("\"payload\""), "payload content never appears in the log");
    }
}

package org.infinibay.infiniservice.testkit.fakeos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.bootstrap.Agents;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.config.GuestDefaults;
import org.infinibay.infiniservice.bootstrap.guest.GuestAgent;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 5 of "Adding a guest OS" (docs/architecture.md): a guest OS that exists only here, its adapters in
 * memory, wired by its own Dagger component ({@link FakeOsGuest}) through bootstrap's exported guest API,
 * runs the real core end to end against the host simulator (a real unix socket): the attach sequence, metrics,
 * safe commands, a catalogue action it has no port for, an unsafe command, a detach and a re-attach, and, in
 * a second agent, a policy-denied command. Not one line of domain or application knows FakeOS.
 */
class FakeOsAgentTest {
    private static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** What needs a port FakeOS does not bind: an update agent, an antivirus, a script host, LSM and integrity inspectors. */
    private static final Set<String> UNSUPPORTED = new TreeSet<>(Set.of(
            "CheckWindowsUpdates", "GetPendingUpdates", "AutoFixWindowsUpdates", // UpdateAgent
            "CheckWindowsDefender", "GetDefenderStatus", "RunDefenderQuickScan", "GetThreatHistory",
            "AutoFixDefender", // AntivirusInspector
            "ExecutePowerShellScript", // ScriptHost
            "CheckSecurityModules", // SecurityModuleInspector
            "CheckSystemIntegrity")); // IntegrityChecker

    @TempDir
    Path tmp;

    private HostSimulator host;
    private GuestAgent agent;
    private Thread runner;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.agent().stop();
        }
        if (runner != null) {
            runner.join(10_000);
        }
        if (host != null) {
            host.close();
        }
    }

    /** A policy that keeps the host's hands off the fake daemon; the file must be root's (FileTrust). */
    private Path policy() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("etc"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path f = Files.writeString(dir.resolve("policy.toml"), "[services]\ndeny = [\"fake-daemon\"]\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    private JsonObject command(String payload, String id) throws Exception {
        host.sendSigned(payload);
        return host.awaitResponse(id, WAIT).json();
    }

    private JsonObject safe(String action) throws Exception {
        String id = UUID.randomUUID().toString();
        return command(HostSimulator.safeCommand(id, action, 30), id);
    }

    private JsonObject safe(String action, String service, String operation) throws Exception {
        String id = UUID.randomUUID().toString();
        return command("{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":{\"action\":\"" + action
                + "\",\"params\":{\"service\":\"" + service + "\",\"operation\":\"" + operation + "\"}},\"timeout\":30}", id);
    }

    private JsonObject unsafe(String raw) throws Exception {
        String id = UUID.randomUUID().toString();
        return command("{\"type\":\"UnsafeCommand\",\"id\":\"" + id + "\",\"raw_command\":\"" + raw
                + "\",\"timeout\":30}", id);
    }

    /** The attach sequence of §3.4: handshake first, then metrics, then request_pending_scripts. */
    private void attached(int connection) throws Exception {
        host.awaitConnection(connection, WAIT);
        HostSimulator.Received first = host.await(r -> r.connection() == connection, WAIT);
        assertEquals("handshake", first.type(), "first line of connection " + connection);
        assertEquals("fakeos", first.json().string("platform").orElseThrow());
        assertEquals("fake-vm", first.json().string("vm_id").orElseThrow());
        HostSimulator.Received metrics = host.await(r -> r.connection() == connection && "metrics".equals(r.type()),
                WAIT);
        JsonObject system = metrics.json().object("data").orElseThrow().object("system").orElseThrow();
        assertEquals(3600, system.integer("uptime_seconds").orElseThrow(), "the fake machine's metrics");
        host.await(r -> r.connection() == connection && "request_pending_scripts".equals(r.type()), WAIT);
    }

    /** Assembles the fake OS's component with the one core (step 4) and runs the agent against the host simulator. */
    private FakeMachine start(PolicyLocation policy) throws Exception {
        Path socket = tmp.resolve("host.sock");
        host = new HostSimulator(socket, SECRET);
        GuestDefaults defaults = new GuestDefaults(tmp.resolve("state").toString(), tmp.resolve("config.toml"),
                tmp.resolve("no-policy.toml"), Pattern.compile("/.*"));
        Configuration c = new ConfigurationLoader(Map.of("INFINISERVICE_SHARED_SECRET", SECRET,
                "INFINIBAY_VM_ID", "fake-vm"), defaults, null)
                .load(new ConfigurationLoader.CliValues("unix:" + socket, 2, null, false, null));
        FakeOsGuest[] guest = new FakeOsGuest[1];
        agent = Agents.assemble((configuration, core) -> guest[0] = DaggerFakeOsGuest.factory().create(configuration, core),
                c, "0.0.0-fakeos", policy == null ? PolicyLocation.of(null, defaults.policyFile()) : policy);
        runner = new Thread(() -> {
            try {
                agent.agent().run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fakeos-agent");
        runner.setDaemon(true);
        runner.start();
        attached(1);
        return guest[0].machine();
    }

    @Test
    void aGuestOsOutsideTheCoreRunsEndToEnd() throws Exception {
        FakeMachine machine = start(null);
        assertTrue(host.await(r -> "metrics".equals(r.type()) && r.connection() == 1, WAIT) != null, "metrics flow");

        JsonObject info = safe("SystemInfo");
        assertTrue(info.bool("success").orElseThrow(), info.toString());
        assertEquals("FakeOS", info.object("data").orElseThrow().string("os").orElse(
                info.object("data").orElseThrow().string("os_type").orElse(null)), info.toString());

        JsonObject list = safe("ServiceList");
        assertTrue(list.bool("success").orElseThrow(), list.toString());
        assertTrue(list.toString().contains("fake-daemon"), list.toString());

        JsonObject stop = safe("ServiceControl", "fake-daemon", "stop");
        assertTrue(stop.bool("success").orElseThrow(), stop.toString());
        assertEquals("Stopped", machine.services().get("fake-daemon"), "the fake service manager did it");

        // no update agent, antivirus or script host on FakeOS: those actions answer by themselves
        JsonObject defender = safe("CheckWindowsDefender");
        assertEquals(126, defender.integer("exit_code").orElseThrow());
        assertEquals("CheckWindowsDefender is not supported on FakeOS", defender.string("error").orElseThrow());
        assertEquals("fakeos", defender.object("data").orElseThrow().string("platform").orElseThrow());

        JsonObject echo = unsafe("echo hello from fakeos");
        assertTrue(echo.bool("success").orElseThrow(), echo.toString());
        assertEquals("hello from fakeos\n", echo.string("stdout").orElseThrow());
        assertTrue(echo.fields().get("data").isNull(), "unsafe replies carry data:null");
        assertEquals(List.of("fakesh", "-c", "echo hello from fakeos"), machine.programsRun().get(0));
        assertTrue(machine.auditRecords().stream().anyMatch(a -> "unsafe".equals(a.kind())),
                "the fake audit trail got the run");

        host.clearInbox();
        host.disconnect(); // the host detaches; the agent reconnects and repeats the attach sequence
        attached(2);
        JsonObject again = unsafe("echo back");
        assertEquals("back\n", again.string("stdout").orElseThrow());
    }

    /**
     * The fake OS's registered actions against the catalogue: every §8.4 action gets one reply, from a handler
     * over a fake port or from the core's "not supported" answer; none is unknown (127). The 126 ones are
     * exactly the actions of the optional ports FakeOS leaves out.
     */
    @Test
    void everyCatalogueActionIsAnsweredOnTheFakeOs() throws Exception {
        start(null);
        Set<String> unsupported = new TreeSet<>();
        for (SafeAction action : SafeAction.values()) {
            JsonObject r = safe(action.wireName());
            assertEquals(action.wireName(), r.string("command_type").orElseThrow(), r.toString());
            long code = r.integer("exit_code").orElse(0L);
            assertNotEquals(127L, code, action.wireName() + " must be known: " + r);
            if (code == 126 && r.string("error").orElse("").endsWith(" is not supported on FakeOS")) {
                unsupported.add(action.wireName());
            }
        }
        assertEquals(UNSUPPORTED, unsupported);
    }

    /** The guest policy is the core's: it holds on a guest OS it never heard of (the file must be root's: FileTrust). */
    @Test
    void theGuestPolicyDeniesOnTheFakeOs() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the policy file must be owned by root");
        FakeMachine machine = start(PolicyLocation.of(policy().toString(), null));

        JsonObject denied = safe("ServiceControl", "fake-daemon", "stop");
        assertFalse(denied.bool("success").orElseThrow(), denied.toString());
        assertTrue(denied.string("error").orElseThrow()
                .startsWith("denied by guest policy: services.deny \"fake-daemon\" matches \"fake-daemon\""),
                denied.toString());
        assertEquals("Running", machine.services().get("fake-daemon"), "nothing ran");

        JsonObject echo = unsafe("echo still here");
        assertEquals("still here\n", echo.string("stdout").orElseThrow(), "what the policy allows still runs");
    }
}

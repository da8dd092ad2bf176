package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.UUID;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The guest policy through the real agent started with {@code --policy}. */
class PolicyIT extends AgentHarness {
    static final String POLICY = """
            # test policy: no raw commands, sshd is off limits, no scripts as nobody
            unsafe_commands = false

            [services]
            deny = ["sshd"]

            [run_as]
            deny = ["nobody"]
            """;

    private Path policyFile(String text) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("etc"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path f = dir.resolve("policy.toml");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    private HostSimulator attached(Path policy) throws Exception {
        startAgent(SECRET, "--policy", policy.toString());
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        return h;
    }

    /** The first line of the attach (already past in the inbox). */
    private static JsonObject handshake(HostSimulator h) {
        return h.received().stream().filter(r -> "handshake".equals(r.type())).findFirst().orElseThrow().json();
    }

    private static void assertDenied(JsonObject r, String rule) {
        CommandsIT.assertResponseShape(r);
        assertFalse(r.bool("success").orElseThrow());
        assertEquals(1, r.integer("exit_code").getAsLong());
        assertEquals("denied by guest policy: " + rule, r.string("error").orElseThrow());
        assertEquals("denied by guest policy: " + rule, r.string("stderr").orElseThrow());
        assertTrue(r.integer("execution_time_ms").getAsLong() < 1000, "answered at once, nothing ran");
    }

    @Test
    void deniedCommandsAreRefusedPromptlyAllowedOnesRunAndTheHandshakeCarriesTheDigest() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "the policy file must be owned by root");
        Path policy = policyFile(POLICY);
        HostSimulator h = attached(policy);

        JsonObject handshake = handshake(h);
        JsonObject p = handshake.object("policy").orElseThrow();
        assertEquals(policy.toString(), p.string("source").orElseThrow());
        assertEquals(LoadedPolicy.digestOf(Files.readAllBytes(policy)), p.string("digest").orElseThrow());
        assertFalse(p.bool("unsafe_commands").orElseThrow());
        assertTrue(p.bool("scripts").orElseThrow());
        assertTrue(p.fields().get("error").isNull());

        String unsafe = UUID.randomUUID().toString();
        h.sendSigned(ExecIT.unsafeCmd(unsafe, "touch " + tmp.resolve("must-not-exist"), 30, ""));
        JsonObject r = h.awaitResponse(unsafe, Duration.ofSeconds(5)).json();
        assertDenied(r, "unsafe_commands = false");
        assertEquals("unsafe", r.string("command_type").orElseThrow());
        assertFalse(Files.exists(tmp.resolve("must-not-exist")), "the command never ran");

        String sshd = UUID.randomUUID().toString();
        h.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + sshd + "\",\"command_type\":{\"action\":\"ServiceControl\","
                + "\"params\":{\"service\":\"sshd.service\",\"operation\":\"stop\"}},\"params\":null,\"timeout\":30}");
        JsonObject denied = h.awaitResponse(sshd, Duration.ofSeconds(5)).json();
        assertDenied(denied, "services.deny \"sshd\" matches \"sshd.service\"");
        assertEquals("ServiceControl", denied.string("command_type").orElseThrow());

        String other = UUID.randomUUID().toString();
        h.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + other + "\",\"command_type\":{\"action\":\"ServiceControl\","
                + "\"params\":{\"service\":\"cron\",\"operation\":\"status\"}},\"params\":null,\"timeout\":30}");
        JsonObject otherService = h.awaitResponse(other, Duration.ofSeconds(20)).json();
        assertFalse(otherService.string("error").orElse("").startsWith("denied"),
                "another service reaches the service manager: " + otherService);

        String info = UUID.randomUUID().toString();
        h.sendSigned(HostSimulator.safeCommand(info, "SystemInfo", 30));
        JsonObject allowed = h.awaitResponse(info, Duration.ofSeconds(20)).json();
        assertTrue(allowed.bool("success").orElseThrow(), allowed.toString());

        h.sendSigned("{\"type\":\"pending_scripts_response\",\"scripts\":[{\"execution_id\":\"pol-1\","
                + "\"script_name\":\"as-nobody\",\"script_content\":\"touch " + tmp.resolve("script-ran")
                + "\",\"shell\":\"BASH\",\"timeout_seconds\":30,\"run_as\":\"nobody\"}]}");
        JsonObject completion = h.await(x -> "script_completion".equals(x.type()), Duration.ofSeconds(5)).json();
        assertEquals("pol-1", completion.string("execution_id").orElseThrow());
        assertEquals(1, completion.integer("exit_code").getAsLong());
        assertEquals("denied by guest policy: run_as.deny \"nobody\" matches \"nobody\"",
                completion.string("stderr").orElseThrow());
        JsonObject event = h.await(x -> "agent_event".equals(x.type())
                && "pol-1".equals(x.json().string("executionId").orElse(null)), Duration.ofSeconds(5)).json();
        assertEquals("scripts", event.string("source").orElseThrow());
        assertFalse(Files.exists(tmp.resolve("script-ran")));

        String audit = Files.readString(tmp.resolve("state").resolve("audit").resolve("audit.log"));
        assertTrue(audit.contains(unsafe) && audit.contains(sshd) && audit.contains("pol-1"), audit);
        assertTrue(audit.contains("denied by guest policy: unsafe_commands = false"), audit);
    }

    /**
     * Issue #13 item 6: a policy file that cannot be used fails closed. On the old code the built-in
     * default applied and the UnsafeCommand ran ("allowed\n").
     */
    @Test
    void aPolicyFileNotOwnedByRootLocksTheAgentAndSaysSo() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "chown needs root");
        Path policy = policyFile(POLICY);
        Files.setAttribute(policy, "unix:uid", 1000);
        assertLockedButReadOnlyAnswered(attached(policy), "not root");
    }

    @Test
    void aMissingPolicyFileNamedWithDashDashPolicyLocksTheAgent() throws Exception {
        assertLockedButReadOnlyAnswered(attached(tmp.resolve("no-such-policy.toml")), "does not exist");
    }

    private void assertLockedButReadOnlyAnswered(HostSimulator h, String why) throws Exception {
        JsonObject p = handshake(h).object("policy").orElseThrow();
        assertTrue(p.string("error").orElseThrow().contains(why), p.toString());
        assertTrue(p.bool("locked").orElseThrow(), p.toString());
        assertFalse(p.bool("unsafe_commands").orElseThrow(), "the handshake tells what applies");
        // sent right after the handshake, so already in the log (the attach wait consumed the inbox)
        JsonObject event = h.received().stream().filter(x -> "agent_event".equals(x.type())
                && "lockdown".equals(x.json().string("source").orElse(null))).findFirst().orElseThrow().json();
        assertEquals("error", event.string("severity").orElseThrow());
        assertTrue(event.string("message").orElseThrow().contains(why), event.toString());

        String id = UUID.randomUUID().toString();
        h.sendSigned(ExecIT.unsafeCmd(id, "touch " + tmp.resolve("must-not-exist"), 30, ""));
        JsonObject r = h.awaitResponse(id, Duration.ofSeconds(10)).json();
        CommandsIT.assertResponseShape(r);
        assertFalse(r.bool("success").orElseThrow());
        assertTrue(r.string("error").orElseThrow().startsWith("refused: agent locked down: the guest policy file "
                + "cannot be used ("), r.toString());
        assertFalse(Files.exists(tmp.resolve("must-not-exist")), "the command never ran");

        // a state-changing action (an empty package name: were it not refused first, it would answer code 2)
        String remove = UUID.randomUUID().toString();
        h.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + remove + "\",\"command_type\":{\"action\":"
                + "\"PackageRemove\",\"package\":\"\"},\"params\":null,\"timeout\":60}");
        JsonObject removed = h.awaitResponse(remove, Duration.ofSeconds(10)).json();
        assertEquals(1, removed.integer("exit_code").getAsLong(), removed.toString());
        assertTrue(removed.string("error").orElseThrow().startsWith("refused: agent locked down"), removed.toString());

        String info = UUID.randomUUID().toString();
        h.sendSigned(HostSimulator.safeCommand(info, "SystemInfo", 30));
        JsonObject allowed = h.awaitResponse(info, Duration.ofSeconds(20)).json();
        assertTrue(allowed.bool("success").orElseThrow(), "read-only actions still run: " + allowed);
        assertTrue(h.received().stream().anyMatch(x -> "metrics".equals(x.type())), "metrics still flow");
        assertTrue(agents.get(0).log().contains("the agent is LOCKED until the file is fixed"), agents.get(0).log());
    }
}

package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.junit.jupiter.api.Test;

/** CONTRACT §4 end to end: §13 items 19-22 against the real agent process. */
class AuthIT extends AgentHarness {

    /** A command whose response (127, unknown action) proves it was executed. */
    private static String probe(String id) {
        return HostSimulator.safeCommand(id, "ProbeAction", 30);
    }

    private void assertNoResponse(HostSimulator h, String id) {
        assertNoResponses(h, List.of(id), Duration.ofSeconds(2), "a rejected envelope produces no response");
    }

    @Test
    void rejectedEnvelopesAreNeverExecutedNorAnsweredAndAreReportedOncePerReason() throws Exception {
        startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        long now = System.currentTimeMillis() + h.clockOffsetMs();

        String tampered = UUID.randomUUID().toString();
        h.sendRaw(h.envelope(probe(tampered), now, UUID.randomUUID().toString()).replace("ProbeAction", "ProbeActioN"));
        String stale = UUID.randomUUID().toString();
        h.sendRaw(h.envelope(probe(stale), now - 301_000, UUID.randomUUID().toString()));
        String future = UUID.randomUUID().toString();
        h.sendRaw(h.envelope(probe(future), now + 301_000, UUID.randomUUID().toString()));
        String bare = UUID.randomUUID().toString();
        h.sendRaw(probe(bare));
        String v2 = UUID.randomUUID().toString();
        h.sendRaw(h.envelope(probe(v2), now, UUID.randomUUID().toString()).replace("\"v\":1", "\"v\":2"));
        String badHex = UUID.randomUUID().toString();
        h.sendRaw(h.envelope(probe(badHex), now, UUID.randomUUID().toString())
                .replaceAll("\"sig\":\"[0-9a-f]{64}\"", "\"sig\":\"" + "zz".repeat(32) + "\""));
        String tampered2 = UUID.randomUUID().toString();
        h.sendRaw(h.envelope(probe(tampered2), now, UUID.randomUUID().toString()).replace("ProbeAction", "ProbeActioX"));
        assertNoResponses(h, List.of(tampered, stale, future, bare, v2, badHex, tampered2), Duration.ofSeconds(2),
                "a rejected envelope produces no response");
        Set<String> reasons = h.received().stream().filter(r -> "agent_event".equals(r.type()))
                .filter(r -> "auth".equals(r.json().string("source").orElse(null)))
                .map(r -> r.json().object("context").orElseThrow().string("reason").orElseThrow())
                .collect(Collectors.toSet());
        assertEquals(Set.of("BadSignature", "Stale", "Malformed", "UnsupportedVersion", "BadSignatureEncoding"), reasons);
        long badSignatureEvents = h.received().stream().filter(r -> r.raw().contains("\"reason\":\"BadSignature\""))
                .count();
        assertEquals(1, badSignatureEvents, "at most one event per reason per 60 s");
        assertTrue(h.received().stream().filter(r -> "agent_event".equals(r.type()))
                .noneMatch(r -> r.raw().contains("ProbeAction") || r.raw().contains("nonce")), "no payload content");

        String ok = UUID.randomUUID().toString();
        h.sendSigned(probe(ok));
        assertEquals(127, h.awaitResponse(ok, Duration.ofSeconds(5)).json().integer("exit_code").getAsLong(),
                "the channel still works after the rejections");
    }

    @Test
    void aNonceAcceptedOnceIsAReplayEvenAfterARestart() throws Exception {
        AgentProcess first = startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        String id = UUID.randomUUID().toString();
        String line = h.envelope(probe(id), System.currentTimeMillis() + h.clockOffsetMs(), UUID.randomUUID().toString());
        h.sendRaw(line);
        h.awaitResponse(id, Duration.ofSeconds(5));
        h.sendRaw(line);
        assertNoResponse(h, id);

        first.close();
        startAgent();
        h.awaitConnection(2, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        h.clearInbox();
        h.sendRaw(line);
        assertNoResponse(h, id);
        assertTrue(h.received().stream().anyMatch(r -> r.connection() == 2
                && r.raw().contains("\"reason\":\"Replay\"")), "reported as Replay after the restart");
        String fresh = UUID.randomUUID().toString();
        h.sendSigned(probe(fresh));
        h.awaitResponse(fresh, Duration.ofSeconds(5));
    }

    @Test
    void withoutSecretEverythingIsRejectedButMetricsFlow() throws Exception {
        AgentProcess agent = startAgent(null);
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("handshake", Duration.ofSeconds(10));
        HostSimulator.Received event = h.awaitType("agent_event", Duration.ofSeconds(5));
        assertEquals("error", event.json().string("severity").orElseThrow());
        assertTrue(event.raw().contains("NoSecret"));
        h.awaitType("metrics", Duration.ofSeconds(5));
        String id = UUID.randomUUID().toString();
        h.sendSigned(probe(id));
        assertNoResponse(h, id);
        h.awaitType("metrics", Duration.ofSeconds(5));
        String log = agent.log();
        assertTrue(log.contains("ERROR") && log.contains("locked") && log.contains("METRICS-ONLY"),
                "one startup error says the channel is locked and the agent runs metrics-only");
        assertFalse(log.contains("ProbeAction"));
    }
}

package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Dispatch and responses end to end: §13 items 27-30, 38, 41-43. */
class CommandsIT extends AgentHarness {

    private HostSimulator attached() throws Exception {
        startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        return h;
    }

    static void assertResponseShape(JsonObject r) {
        assertEquals("response", r.string("type").orElseThrow());
        assertTrue(r.bool("success").isPresent());
        assertTrue(r.integer("exit_code").isPresent());
        assertTrue(r.string("stdout").isPresent());
        assertTrue(r.string("stderr").isPresent());
        assertTrue(r.integer("execution_time_ms").isPresent());
        if (!r.bool("success").orElseThrow()) {
            assertFalse(r.string("error").orElse("").isEmpty(), "failed responses carry an error");
            assertFalse(r.string("stderr").orElse("").isEmpty(), "and a non-empty stderr");
        }
    }

    @Test
    void unknownActionIsAnsweredPromptlyWith127() throws Exception {
        HostSimulator h = attached();
        String id = UUID.randomUUID().toString();
        long sent = System.currentTimeMillis();
        h.sendSigned(HostSimulator.safeCommand(id, "NoSuchAction", 30));
        HostSimulator.Received r = h.awaitResponse(id, Duration.ofSeconds(1));
        assertTrue(r.receivedAtMs() - sent < 1000);
        JsonObject j = r.json();
        assertResponseShape(j);
        assertEquals(127, j.integer("exit_code").getAsLong());
        assertEquals("unsupported action: NoSuchAction", j.string("error").orElseThrow());
        assertEquals("NoSuchAction", j.string("command_type").orElseThrow());
    }

    @Test
    void malformedCommandsGetExitCode2WithCommandTypeSafe() throws Exception {
        HostSimulator h = attached();
        String noAction = UUID.randomUUID().toString();
        h.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + noAction + "\",\"command_type\":{},\"timeout\":30}");
        JsonObject a = h.awaitResponse(noAction, Duration.ofSeconds(2)).json();
        assertResponseShape(a);
        assertEquals(2, a.integer("exit_code").getAsLong());
        assertEquals("safe", a.string("command_type").orElseThrow());
        assertEquals("missing action", a.string("error").orElseThrow());
        String notObject = UUID.randomUUID().toString();
        h.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + notObject + "\",\"command_type\":\"ProcessList\"}");
        JsonObject b = h.awaitResponse(notObject, Duration.ofSeconds(2)).json();
        assertEquals(2, b.integer("exit_code").getAsLong());
        assertTrue(b.string("error").orElseThrow().startsWith("invalid command: "));
        // an unknown inner type is ignored; a Metrics request triggers a metrics line
        h.sendSigned("{\"type\":\"SomethingNew\",\"id\":\"x\"}");
        h.clearInbox();
        h.sendSigned("{\"type\":\"Metrics\"}");
        h.awaitType("metrics", Duration.ofSeconds(3));
    }

    @Test
    void actionNamesMatchCaseInsensitivelyAndRunTheActionNamed() throws Exception {
        HostSimulator h = attached();
        String id = UUID.randomUUID().toString();
        h.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":{\"action\":\"processtop\","
                + "\"limit\":2,\"sort_by\":\"memory\"},\"params\":null,\"timeout\":30}");
        JsonObject r = h.awaitResponse(id, Duration.ofSeconds(10)).json();
        assertResponseShape(r);
        assertEquals(true, r.bool("success").orElseThrow(), r.toString());
        assertEquals("processtop", r.string("command_type").orElseThrow(), "echoed as received");
        org.infinibay.infiniservice.domain.json.JsonArray top =
                (org.infinibay.infiniservice.domain.json.JsonArray) r.get("data").orElseThrow();
        assertEquals(2, top.size(), "ProcessTop's limit was applied: the canonical action ran");
    }

    @Test
    void keepAliveIsEchoedWithinOneSecondAndDuplicateIdsRunOnce() throws Exception {
        HostSimulator h = attached();
        for (int seq = 1; seq <= 3; seq++) {
            long sent = System.currentTimeMillis();
            h.sendSigned("{\"type\":\"keep_alive_request\",\"sequence_number\":" + seq + ",\"timestamp\":\"x\"}");
            int s = seq;
            HostSimulator.Received ka = h.await(r -> "keep_alive".equals(r.type())
                    && r.json().integer("sequence_number").orElse(-1) == s, Duration.ofSeconds(1));
            assertTrue(ka.receivedAtMs() - sent < 1000);
        }
        h.sendSigned("{\"type\":\"keep_alive_response\",\"sequence_number\":3}");
        String id = UUID.randomUUID().toString();
        h.sendSigned(HostSimulator.safeCommand(id, "NoSuchAction", 30));
        h.awaitResponse(id, Duration.ofSeconds(2));
        h.sendSigned(HostSimulator.safeCommand(id, "NoSuchAction", 30));
        assertEquals("duplicate command id",
                h.awaitResponse(id, Duration.ofSeconds(2)).json().string("error").orElseThrow());
    }
}

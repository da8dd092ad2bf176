package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonNull;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.infinibay.infiniservice.domain.message.InboundMessage;
import org.infinibay.infiniservice.domain.message.InboundMessages;
import org.junit.jupiter.api.Test;

/** Leniency rules of CONTRACT §5.2. */
class InboundMessagesTest {
    @Test
    void timeoutDefaultsTo600WhenAbsentOrNotPositive() {
        for (Json t : new Json[] {JsonNull.INSTANCE, Json.of(0), Json.of(-5)}) {
            InboundMessage m = InboundMessages.parse(new JsonObject(Map.of("type", Json.of("SafeCommand"),
                    "id", Json.of("a"), "timeout", t)));
            assertEquals(600, ((InboundMessage.SafeCommand) m).timeoutSeconds());
        }
        InboundMessage m = InboundMessages.parse(new JsonObject(Map.of("type", Json.of("UnsafeCommand"),
                "id", Json.of("a"), "timeout", new JsonFloat(30.0))));
        assertEquals(30, ((InboundMessage.UnsafeCommand) m).timeoutSeconds());
        m = InboundMessages.parse(new JsonObject(Map.of("type", Json.of("UnsafeCommand"),
                "id", Json.of("a"), "timeout", new JsonString("45"))));
        assertEquals(45, ((InboundMessage.UnsafeCommand) m).timeoutSeconds());
    }

    @Test
    void commandsWithoutUsableIdAreUnidentified() {
        assertInstanceOf(InboundMessage.Unidentified.class,
                InboundMessages.parse(new JsonObject(Map.of("type", Json.of("SafeCommand"), "id", Json.of(5)))));
        assertInstanceOf(InboundMessage.Unknown.class,
                InboundMessages.parse(new JsonObject(Map.of("type", Json.of("safecommand")))));
    }

    @Test
    void keepAliveSequenceDefaultsToZero() {
        InboundMessage m = InboundMessages.parse(new JsonObject(Map.of("type", Json.of("keep_alive_request"))));
        assertEquals(0, ((InboundMessage.KeepAliveRequest) m).sequenceNumber());
        assertInstanceOf(InboundMessage.MetricsRequest.class,
                InboundMessages.parse(new JsonObject(Map.of("type", Json.of("Metrics")))));
    }

    @Test
    void booleansAcceptOnlyTrueAndFalse() {
        JsonObject o = new JsonObject(Map.of("a", Json.of(true), "b", Json.of("true")));
        assertEquals(true, o.bool("a").orElseThrow());
        assertTrue(o.bool("b").isEmpty());
    }
}

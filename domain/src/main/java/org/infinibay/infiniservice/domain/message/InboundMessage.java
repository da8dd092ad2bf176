package org.infinibay.infiniservice.domain.message;

import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** A verified inner message, dispatched on its exact {@code type} (CONTRACT §5.1). */
public sealed interface InboundMessage {

    /** A structured action; {@code commandType} may be absent or not an object (answered per §9.3). */
    record SafeCommand(String id, JsonObject raw, long timeoutSeconds) implements InboundMessage {
    }

    record UnsafeCommand(String id, JsonObject raw, long timeoutSeconds) implements InboundMessage {
    }

    record KeepAliveRequest(long sequenceNumber) implements InboundMessage {
    }

    record KeepAliveResponse(long sequenceNumber) implements InboundMessage {
    }

    record PendingScriptsResponse(JsonArray scripts) implements InboundMessage {
    }

    record MetricsRequest() implements InboundMessage {
    }

    /** A command-typed message without a usable {@code id}: logged and dropped (§5.2). */
    record Unidentified(String type) implements InboundMessage {
    }

    /** Any other {@code type}: logged at DEBUG and ignored. */
    record Unknown(String type) implements InboundMessage {
    }
}

package org.infinibay.infiniservice.domain.message;

import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** Reads an inner message with the leniency rules of CONTRACT §5.2. */
public final class InboundMessages {
    /** Absent or non-positive wire timeouts mean 600 s (§8.3, pitfall P21). */
    public static final long DEFAULT_TIMEOUT_SECONDS = 600;

    private InboundMessages() {
    }

    public static InboundMessage parse(JsonObject m) {
        String type = m.string("type").orElse("");
        switch (type) {
            case "SafeCommand":
            case "UnsafeCommand": {
                String id = m.string("id").orElse("");
                if (id.isEmpty()) {
                    return new InboundMessage.Unidentified(type);
                }
                long timeout = m.integer("timeout").orElse(0);
                if (timeout <= 0) {
                    timeout = DEFAULT_TIMEOUT_SECONDS;
                }
                return type.equals("SafeCommand")
                        ? new InboundMessage.SafeCommand(id, m, timeout)
                        : new InboundMessage.UnsafeCommand(id, m, timeout);
            }
            case "keep_alive_request":
                return new InboundMessage.KeepAliveRequest(sequence(m));
            case "keep_alive_response":
                return new InboundMessage.KeepAliveResponse(sequence(m));
            case "pending_scripts_response":
                return new InboundMessage.PendingScriptsResponse(m.array("scripts").orElse(JsonArray.EMPTY));
            case "Metrics":
                return new InboundMessage.MetricsRequest();
            default:
                return new InboundMessage.Unknown(type);
        }
    }

    private static long sequence(JsonObject m) {
        long n = m.integer("sequence_number").orElse(0);
        return Math.max(0, n);
    }
}

package org.infinibay.infiniservice.domain.message;

import java.util.List;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** The outbound catalogue of CONTRACT §6.3-§6.4. */
public final class Outbound {
    private Outbound() {
    }

    public record Handshake(String vmId, String version, String platform, List<String> capabilities,
                            JsonObject extra) implements OutboundMessage {
        @Override
        public String type() {
            return "handshake";
        }

        @Override
        public JsonObject body() {
            return JsonObject.builder()
                    .put("vm_id", vmId)
                    .put("version", version)
                    .put("platform", platform)
                    .put("capabilities", JsonArray.ofStrings(capabilities))
                    .putAll(extra)
                    .build();
        }

        @Override
        public QueuePolicy policy() {
            return QueuePolicy.LATEST_ONLY;
        }
    }

    public record Metrics(JsonObject data) implements OutboundMessage {
        @Override
        public String type() {
            return "metrics";
        }

        @Override
        public JsonObject body() {
            return JsonObject.builder().put("data", data).build();
        }

        @Override
        public QueuePolicy policy() {
            return QueuePolicy.LATEST_ONLY;
        }
    }

    public record KeepAlive(long sequenceNumber) implements OutboundMessage {
        @Override
        public String type() {
            return "keep_alive";
        }

        @Override
        public JsonObject body() {
            return JsonObject.builder().put("sequence_number", sequenceNumber).build();
        }

        /** Answered on the receive thread for every keep_alive_request: no codec on that path. */
        @Override
        public String bodyJson() {
            return "{\"sequence_number\":" + sequenceNumber + "}";
        }

        @Override
        public QueuePolicy policy() {
            return QueuePolicy.LATEST_ONLY;
        }
    }

    public record RequestPendingScripts(String vmId) implements OutboundMessage {
        @Override
        public String type() {
            return "request_pending_scripts";
        }

        @Override
        public JsonObject body() {
            return JsonObject.builder().put("vm_id", vmId).build();
        }

        /** {@code request_timestamp} is the same value as {@code timestamp} (§10.5). */
        @Override
        public JsonObject bodyAt(String timestamp) {
            return JsonObject.builder().put("vm_id", vmId).put("request_timestamp", timestamp).build();
        }

        @Override
        public boolean bodyDependsOnTimestamp() {
            return true;
        }

        @Override
        public QueuePolicy policy() {
            return QueuePolicy.DROP_WHILE_DETACHED;
        }
    }

    public record ScriptCompletion(String executionId, long exitCode, String stdout, String stderr, String logFile)
            implements OutboundMessage {
        @Override
        public String type() {
            return "script_completion";
        }

        @Override
        public JsonObject body() {
            return JsonObject.builder()
                    .put("execution_id", executionId)
                    .put("exit_code", exitCode)
                    .put("stdout", stdout == null ? "" : stdout)
                    .put("stderr", stderr == null ? "" : stderr)
                    .put("log_file", logFile)
                    .build();
        }

        @Override
        public QueuePolicy policy() {
            return QueuePolicy.RETAINED;
        }
    }

    /** {@code severity} is lower case; {@code executionId} is camelCase on the wire (§6.4). */
    public record AgentEvent(Severity severity, String source, String message, String executionId, JsonObject context)
            implements OutboundMessage {
        public static final int MAX_MESSAGE = 4096;

        public enum Severity { debug, info, warn, error }

        @Override
        public String type() {
            return "agent_event";
        }

        @Override
        public JsonObject body() {
            String msg = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
            String src = source.length() > 64 ? source.substring(0, 64) : source;
            return JsonObject.builder()
                    .put("severity", severity.name())
                    .put("source", src)
                    .put("message", msg)
                    .put("executionId", executionId)
                    .put("context", context == null ? (Json) null : context)
                    .build();
        }

        @Override
        public QueuePolicy policy() {
            return QueuePolicy.RETAINED;
        }
    }

    public record Error(String error, JsonObject details) implements OutboundMessage {
        @Override
        public String type() {
            return "error";
        }

        @Override
        public JsonObject body() {
            return JsonObject.builder().put("error", error).put("details", details).build();
        }

        @Override
        public QueuePolicy policy() {
            return QueuePolicy.LATEST_ONLY;
        }
    }

    /**
     * A command's reply (§9.1); kept at most 60 s in the queue.
     *
     * @param bodyJson the codec's serialisation of {@code body}, or {@code null} to have it serialised
     */
    public record Response(JsonObject body, String bodyJson) implements OutboundMessage {
        public Response(JsonObject body) {
            this(body, null);
        }

        @Override
        public String type() {
            return "response";
        }

        @Override
        public QueuePolicy policy() {
            return QueuePolicy.EXPIRES;
        }
    }
}

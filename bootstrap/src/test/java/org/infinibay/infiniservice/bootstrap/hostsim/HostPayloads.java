package org.infinibay.infiniservice.bootstrap.hostsim;

import java.util.List;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** Inner messages in the host's wire form (CONTRACT §5.3), for the simulators and the test drivers. */
public final class HostPayloads {
    private static final JacksonJsonCodec CODEC = new JacksonJsonCodec();

    private HostPayloads() {
    }

    /** An {@code UnsafeCommand} run by the default shell. */
    public static String unsafe(String id, String rawCommand, int timeoutSeconds) {
        return "{\"type\":\"UnsafeCommand\",\"id\":\"" + id + "\",\"raw_command\":" + quote(rawCommand)
                + ",\"shell\":null,\"timeout\":" + timeoutSeconds + "}";
    }

    /** A {@code SafeCommand} with no parameters. */
    public static String safe(String id, String action, int timeoutSeconds) {
        return HostSimulator.safeCommand(id, action, timeoutSeconds);
    }

    /** One pending script entry with the host's fields. */
    public static String script(String executionId, String content, int timeoutSeconds) {
        return "{\"execution_id\":\"" + executionId + "\",\"script_id\":\"s-" + executionId + "\",\"script_name\":\""
                + executionId + "\",\"script_content\":" + quote(content) + ",\"shell\":\"BASH\","
                + "\"execution_type\":\"ON_DEMAND\",\"input_values\":{},\"timeout_seconds\":" + timeoutSeconds
                + ",\"run_as\":null}";
    }

    /** A {@code pending_scripts_response} carrying the given script entries. */
    public static String pendingScripts(List<String> scripts) {
        return "{\"type\":\"pending_scripts_response\",\"scripts\":[" + String.join(",", scripts) + "]}";
    }

    public static String keepAliveRequest(long sequence) {
        return FaultInjectingHost.keepAliveRequest(sequence);
    }

    /** A JSON string literal for {@code s}. */
    public static String quote(String s) {
        String obj = CODEC.write(JsonObject.builder().put("s", s).build());
        return obj.substring(obj.indexOf(':') + 1, obj.length() - 1);
    }
}

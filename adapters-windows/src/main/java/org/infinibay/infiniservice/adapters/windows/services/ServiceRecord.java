package org.infinibay.infiniservice.adapters.windows.services;

import java.util.List;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * One Windows service as §7.7 describes it: names for every enum; {@code pid} null when not
 * running (0); {@code exePath} the image of the service's command line.
 */
public record ServiceRecord(String name, String displayName, String startType, String serviceType, String state,
                            String description, String exePath, List<String> dependencies, Integer pid,
                            boolean isDefault, int win32ExitCode) {

    /** The §7.7 item. */
    public JsonObject toJson() {
        JsonObject.Builder b = JsonObject.builder().put("name", name)
                .put("display_name", displayName == null ? name : displayName).put("start_type", startType)
                .put("service_type", serviceType).put("state", state);
        if (description != null && !description.isBlank()) {
            b.put("description", cut(description, 1024));
        }
        if (exePath != null) {
            b.put("exe_path", exePath);
        }
        return b.put("dependencies", JsonArray.ofStrings(dependencies))
                .put("pid", pid == null || pid == 0 ? null : org.infinibay.infiniservice.domain.json.Json.of((long) pid))
                .put("is_default", isDefault).build();
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max);
    }
}

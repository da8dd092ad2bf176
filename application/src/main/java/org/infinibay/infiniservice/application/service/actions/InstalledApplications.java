package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * The answer of GetInstalledApplicationsWMI (CONTRACT §8.5.7) on every OS:
 * {@code {"applications":[...],"total_count","last_scan","scan_duration_ms"}}, each item with
 * {@code name, version, publisher, vendor, install_date, install_location, size_mb, install_type,
 * registry_key, can_update}. The host stores {@code data} in the VM's health snapshot and merges
 * CheckApplicationUpdates into it by lower-case {@code name}.
 */
public final class InstalledApplications {
    /** Items per answer (§2.3: bounded lists). */
    public static final int MAX_ITEMS = 1000;

    private InstalledApplications() {
    }

    /**
     * @param canUpdate lower-case names with an update in the last update check
     * @param stdout    the human summary, e.g. {@code 42 applications (40 registry, 2 Store)}
     */
    public static ActionResult answer(List<InstalledApplication> apps, Set<String> canUpdate, long nowMillis,
                                      long scanMillis, String stdout) {
        List<Json> items = new ArrayList<>();
        for (InstalledApplication a : apps) {
            if (items.size() >= MAX_ITEMS) {
                break;
            }
            items.add(toJson(a, canUpdate.contains(key(a.name()))));
        }
        return ActionResult.ok(JsonObject.builder().put("applications", new JsonArray(items))
                .put("total_count", apps.size()).put("last_scan", Timestamps.format(nowMillis))
                .put("scan_duration_ms", scanMillis).build(), stdout);
    }

    /** One item of §8.5.7; {@code vendor} repeats {@code publisher}. */
    public static JsonObject toJson(InstalledApplication a, boolean canUpdate) {
        Long size = a.sizeBytes();
        return JsonObject.builder().put("name", a.name()).put("version", a.version()).put("publisher", a.publisher())
                .put("vendor", a.publisher()).put("install_date", a.installDate())
                .put("install_location", a.installLocation())
                .put("size_mb", size == null ? null : Json.of(Results.round1(size / 1048576.0)))
                .put("install_type", a.installType()).put("registry_key", a.registryKey())
                .put("can_update", canUpdate).build();
    }

    /** The host's merge key: the name, trimmed, lower case. */
    public static String key(String name) {
        return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    }
}

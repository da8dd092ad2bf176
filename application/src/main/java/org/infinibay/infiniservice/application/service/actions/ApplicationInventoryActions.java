package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.ApplicationInventory;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.UpdateAgent;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * GetInstalledApplicationsWMI, CheckApplicationUpdates and GetApplicationDetails (CONTRACT §8.5.7) on a
 * guest whose OS updates come from an {@link UpdateAgent} rather than its package manager: the inventory
 * is the {@link ApplicationInventory}'s, application updates the package manager's; the stdout of
 * CheckApplicationUpdates carries a line {@code <update agent>: <n>}, one for the application store
 * ({@code <store>: <n>}, where the inventory names one) and one for the package manager.
 */
public final class ApplicationInventoryActions implements SafeActionExecutor {
    private static final long MARGIN_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ApplicationInventory inventory;
    private final PackageManager packages;
    private final UpdateAgent updates;
    private final AgentClock clock;
    /** Names (lower case) with an upgrade in the last winget check: {@code can_update} without a new run. */
    private volatile Set<String> upgradable = Set.of();

    public ApplicationInventoryActions(ApplicationInventory inventory, PackageManager packages, UpdateAgent updates,
                                     AgentClock clock) {
        this.inventory = inventory;
        this.packages = packages;
        this.updates = updates;
        this.clock = clock;
    }

    @Override
    public Set<String> actions() {
        return Set.of("GetInstalledApplicationsWMI", "CheckApplicationUpdates", "GetApplicationDetails");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            switch (request.action()) {
                case "GetInstalledApplicationsWMI":
                    return installed(request.deadline());
                case "CheckApplicationUpdates":
                    return applicationUpdates(request.deadline());
                default:
                    return details(Params.required(request.parameters(), "app_id", packages.nameRule()),
                            request.deadline());
            }
        } catch (InvalidParameterException e) {
            return e.toResult();
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    private ActionResult installed(Deadline deadline) throws OsOperationException, InterruptedException {
        long started = clock.monotonicNanos();
        List<InstalledApplication> apps = inventory.applications(deadline);
        long ms = TimeUnit.NANOSECONDS.toMillis(clock.monotonicNanos() - started);
        return InstalledApplications.answer(apps, upgradable, clock.nowMillis(), ms, inventory.summary(apps));
    }

    static JsonObject applicationJson(InstalledApplication a, boolean canUpdate) {
        return InstalledApplications.toJson(a, canUpdate);
    }

    private ActionResult applicationUpdates(Deadline deadline) throws OsOperationException, InterruptedException {
        List<PendingUpdate> pending = packages.pendingUpdates(deadline);
        Set<String> names = new java.util.HashSet<>();
        for (PendingUpdate u : pending) {
            names.add(key(u.packageName()));
        }
        upgradable = Set.copyOf(names);
        StringBuilder stderr = new StringBuilder();
        Map<String, InstalledApplication> byName = new HashMap<>();
        try {
            for (InstalledApplication a : inventory.applications(deadline)) {
                byName.putIfAbsent(key(a.name()), a);
            }
        } catch (OsOperationException e) {
            stderr.append("inventory: ").append(e.getMessage()).append('\n');
        }
        String agentUpdates;
        try {
            Deadline inner = new Deadline(deadline.atNanos() - MARGIN_NANOS, deadline.seconds());
            agentUpdates = Integer.toString(updates.scan(inner).updates().size());
        } catch (OsOperationException e) {
            agentUpdates = "0";
            stderr.append(updates.displayName()).append(": ").append(e.getMessage()).append('\n');
        }
        String now = Timestamps.format(clock.nowMillis());
        String storeSource = inventory.storeSource();
        Map<String, Long> sources = new LinkedHashMap<>();
        List<Json> apps = new ArrayList<>();
        for (PendingUpdate u : pending) {
            if (apps.size() >= UpdateAgentActions.MAX_ITEMS) {
                break;
            }
            String source = u.repository() == null ? packages.name() : u.repository();
            sources.merge(source, 1L, Long::sum);
            apps.add(updateJson(u, source, source.equals(storeSource), byName.get(key(u.packageName())), now));
        }
        long store = storeSource == null ? 0 : sources.getOrDefault(storeSource, 0L);
        JsonObject.Builder src = JsonObject.builder();
        sources.forEach(src::put);
        JsonObject summary = JsonObject.builder().put("total_updates", pending.size())
                .put("security_updates", pending.stream().filter(PendingUpdate::security).count())
                .put("sources", src.build()).put("last_check", now).build();
        String stdout = updates.displayName() + ": " + agentUpdates + "\n"
                + (storeSource == null ? "" : inventory.storeName() + ": " + store + "\n")
                + packages.name() + ": " + (pending.size() - store) + "\n";
        return new ActionResult(true, ExitCodes.OK, stdout, stderr.toString(),
                JsonObject.builder().put("applications", new JsonArray(apps)).put("summary", summary).build(), null);
    }

    static JsonObject updateJson(PendingUpdate u, String source, boolean fromStore, InstalledApplication installed,
                                 String now) {
        String installType = installed != null ? installed.installType()
                : fromStore ? "Store" : "Package";
        return JsonObject.builder().put("name", u.packageName()).put("application_name", u.packageName())
                .put("app_name", u.packageName()).put("version", u.currentVersion())
                .put("current_version", u.currentVersion()).put("available_version", u.availableVersion())
                .put("new_version", u.availableVersion()).put("update_available", u.availableVersion())
                .put("can_update", true).put("update_type", source).put("install_type", installType)
                .put("update_source", source).putNull("release_date").putNull("download_url")
                .put("size_mb", u.sizeBytes() == null ? null : Json.of(Results.round2(u.sizeBytes() / 1048576.0)))
                .put("update_size_bytes", u.sizeBytes() == null ? null : Json.of(u.sizeBytes()))
                .put("vendor", installed == null ? null : installed.publisher())
                .put("install_date", installed == null ? null : installed.installDate())
                .put("install_location", installed == null ? null : installed.installLocation())
                .put("registry_key", installed == null ? null : installed.registryKey())
                .put("is_security_update", u.security()).put("last_update_check", now).build();
    }

    private ActionResult details(String appId, Deadline deadline) throws OsOperationException, InterruptedException {
        Optional<InstalledApplication> app = inventory.applications(deadline).stream()
                .filter(a -> a.name().equalsIgnoreCase(appId) || appId.equalsIgnoreCase(a.registryKey()))
                .findFirst();
        if (app.isEmpty()) {
            return ActionResult.failure(ExitCodes.FAILED, "application not found");
        }
        Optional<PendingUpdate> update = Optional.empty();
        String source = packages.name();
        try {
            update = packages.pendingUpdates(deadline).stream()
                    .filter(u -> key(u.packageName()).equals(key(app.get().name()))).findFirst();
            if (update.isPresent() && update.get().repository() != null) {
                source = update.get().repository();
            }
        } catch (OsOperationException e) {
            // the inventory answer stands without update data
        }
        JsonObject a = JsonObject.builder().putAll(applicationJson(app.get(), update.isPresent()))
                .put("available_version", update.map(PendingUpdate::availableVersion).orElse(null)).build();
        JsonObject meta = JsonObject.builder().put("has_update", update.isPresent())
                .put("is_security_update", update.map(PendingUpdate::security).orElse(false))
                .put("last_checked", Timestamps.format(clock.nowMillis())).put("update_source", source).build();
        return ActionResult.ok(JsonObject.builder().put("application", a).put("metadata", meta).build());
    }

    private static String key(String name) {
        return InstalledApplications.key(name);
    }
}

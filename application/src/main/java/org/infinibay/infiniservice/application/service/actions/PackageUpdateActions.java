package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.os.ApplicationInventory;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * Update and inventory actions on a guest whose OS updates come from its package manager (no
 * {@code UpdateAgent}; CONTRACT §8.5.5, §8.5.7): CheckLinuxUpdates, GetUpdateHistory,
 * CheckApplicationUpdates, GetApplicationDetails and GetInstalledApplicationsWMI, which such a guest
 * answers too: the host's health round asks every VM for it and stores the answer's
 * {@code data} as the VM's application list, into which it merges CheckApplicationUpdates by name; a
 * {@code supported:false} answer landing after that merge wiped the VM's update recommendations.
 */
public final class PackageUpdateActions implements SafeActionExecutor {
    static final int DEFAULT_HISTORY_DAYS = 30;
    private static final long DAY_MS = 86_400_000L;

    private final PackageManager manager;
    private final SystemFactsSource facts;
    private final AgentClock clock;
    private final ParameterRule packageRule;
    private final ApplicationInventory inventory;
    /** Lower-case names with an update in the last check: {@code can_update} without a new run. */
    private volatile Set<String> upgradable = Set.of();

    /** @param inventory the installed user applications (GetInstalledApplicationsWMI) */
    public PackageUpdateActions(PackageManager manager, SystemFactsSource facts, AgentClock clock,
                         ApplicationInventory inventory) {
        this.manager = manager;
        this.facts = facts;
        this.clock = clock;
        this.packageRule = manager.nameRule();
        this.inventory = inventory;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CheckLinuxUpdates", "GetUpdateHistory", "CheckApplicationUpdates", "GetApplicationDetails",
                "GetInstalledApplicationsWMI");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            switch (request.action()) {
                case "CheckLinuxUpdates": {
                    JsonObject status = updateStatus(request.deadline());
                    return ActionResult.ok(status, status.integer("pending_count").orElse(0) + " updates pending ("
                            + status.integer("security_count").orElse(0) + " security)");
                }
                case "GetUpdateHistory":
                    return history(Params.integer(request.parameters(), "days").orElse(DEFAULT_HISTORY_DAYS),
                            request.deadline());
                case "CheckApplicationUpdates":
                    return applicationUpdates(request.deadline());
                case "GetInstalledApplicationsWMI":
                    return installedApplications(request.deadline());
                default:
                    return details(Params.required(request.parameters(), "app_id", packageRule), request.deadline());
            }
        } catch (InvalidParameterException e) {
            return e.toResult();
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    /** The update-status object of §8.5.5, with every key. Shared with health checks and maintenance. */
    public JsonObject updateStatus(Deadline deadline) throws OsOperationException, InterruptedException {
        List<PendingUpdate> pending = pending(deadline);
        boolean reboot = manager.rebootRequired(deadline);
        String now = Timestamps.format(clock.nowMillis());
        List<Json> items = new ArrayList<>();
        int security = 0;
        for (PendingUpdate u : pending) {
            if (u.security()) {
                security++;
            }
            String severity = u.security() ? "Important" : "Optional";
            Json sizeMb = u.sizeBytes() == null ? null : Json.of(Results.round2(u.sizeBytes() / 1048576.0));
            items.add(JsonObject.builder().put("title", u.packageName()).putNull("kb_article")
                    .put("kb_article_ids", JsonArray.EMPTY).put("severity", severity).put("importance", severity)
                    .put("description", u.packageName() + " " + (u.currentVersion() == null ? "" : u.currentVersion()
                            + " -> ") + u.availableVersion())
                    .put("size_mb", sizeMb).put("size_bytes", u.sizeBytes() == null ? null : Json.of(u.sizeBytes()))
                    .put("is_security_update", u.security())
                    .put("categories", JsonArray.ofStrings(List.of(u.security() ? "Security Updates" : "Updates")))
                    .put("package_name", u.packageName()).put("current_version", u.currentVersion())
                    .put("available_version", u.availableVersion()).put("repository", u.repository())
                    .put("is_security", u.security()).put("architecture", u.architecture()).build());
        }
        Long lastInstall = manager.lastInstallMillis();
        return JsonObject.builder().put("pending_updates", new JsonArray(items)).put("pending_count", pending.size())
                .put("total_pending_count", pending.size()).put("critical_count", 0).put("security_count", security)
                .put("security_updates_count", security).put("reboot_required", reboot)
                .putNull("reboot_required_since").put("pending_reboot_updates", 0)
                .put("automatic_updates_enabled", manager.automaticUpdatesEnabled()).put("last_check", now)
                .put("last_check_date", now)
                .put("last_install", lastInstall == null ? null : Timestamps.format(lastInstall))
                .put("package_manager", manager.name()).put("distro", facts.facts().distribution())
                .putNull("update_agent_version").build();
    }

    private ActionResult history(long days, Deadline deadline) throws OsOperationException, InterruptedException {
        if (days <= 0) {
            days = DEFAULT_HISTORY_DAYS;
        }
        long since = clock.nowMillis() - days * DAY_MS;
        List<UpdateHistoryEntry> entries = new ArrayList<>(manager.history(since, deadline));
        entries.sort((a, b) -> Long.compare(b.installedAtMillis(), a.installedAtMillis()));
        if (entries.size() > 1000) {
            entries = entries.subList(0, 1000);
        }
        JsonArray items = JsonArray.of(entries, e -> JsonObject.builder().put("title", e.title()).putNull("kb_article")
                .put("install_date", Timestamps.format(e.installedAtMillis())).put("status", e.status())
                .put("result_code", e.status().equals("Succeeded") ? 2 : 4).put("description", e.action()).build());
        return ActionResult.ok(JsonObject.builder().put("updates", items).put("count", entries.size()).build());
    }

    /** The pending updates; remembers their names for GetInstalledApplicationsWMI's {@code can_update}. */
    private List<PendingUpdate> pending(Deadline deadline) throws OsOperationException, InterruptedException {
        List<PendingUpdate> pending = manager.pendingUpdates(deadline);
        Set<String> names = new HashSet<>();
        for (PendingUpdate u : pending) {
            names.add(InstalledApplications.key(u.packageName()));
        }
        upgradable = Set.copyOf(names);
        return pending;
    }

    /**
     * The installed user applications in the Windows shape ({@code install_type:"Package"},
     * {@code registry_key:null}); names are package names where a package owns the application, the
     * names CheckApplicationUpdates reports, so the host's merge finds them.
     */
    private ActionResult installedApplications(Deadline deadline) throws OsOperationException, InterruptedException {
        long started = clock.monotonicNanos();
        List<InstalledApplication> apps = inventory.applications(deadline);
        long ms = TimeUnit.NANOSECONDS.toMillis(clock.monotonicNanos() - started);
        return InstalledApplications.answer(apps, upgradable, clock.nowMillis(), ms,
                apps.size() + " applications (" + manager.name() + " packages and desktop entries)");
    }

    private ActionResult applicationUpdates(Deadline deadline) throws OsOperationException, InterruptedException {
        List<PendingUpdate> pending = pending(deadline);
        String now = Timestamps.format(clock.nowMillis());
        int security = 0;
        List<Json> apps = new ArrayList<>();
        for (PendingUpdate u : pending) {
            security += u.security() ? 1 : 0;
            apps.add(applicationUpdate(u, now));
        }
        JsonObject summary = JsonObject.builder().put("total_updates", pending.size()).put("security_updates", security)
                .put("sources", JsonObject.builder().put(manager.name(), pending.size()).build())
                .put("last_check", now).build();
        return ActionResult.ok(JsonObject.builder().put("applications", new JsonArray(apps)).put("summary", summary)
                .build(), manager.name() + ": " + pending.size());
    }

    private JsonObject applicationUpdate(PendingUpdate u, String now) {
        return JsonObject.builder().put("name", u.packageName()).put("application_name", u.packageName())
                .put("app_name", u.packageName()).put("version", u.currentVersion())
                .put("current_version", u.currentVersion()).put("available_version", u.availableVersion())
                .put("new_version", u.availableVersion()).put("update_available", u.availableVersion())
                .put("can_update", true).put("update_type", manager.name()).put("install_type", "Package")
                .put("update_source", manager.name()).putNull("release_date").putNull("download_url")
                .put("size_mb", u.sizeBytes() == null ? null : Json.of(Results.round2(u.sizeBytes() / 1048576.0)))
                .put("update_size_bytes", u.sizeBytes() == null ? null : Json.of(u.sizeBytes())).putNull("vendor")
                .putNull("install_date").putNull("install_location").putNull("registry_key")
                .put("is_security_update", u.security()).put("last_update_check", now).build();
    }

    private ActionResult details(String appId, Deadline deadline) throws OsOperationException, InterruptedException {
        Optional<PackageInfo> pkg = manager.installed(deadline).stream().filter(p -> p.name().equals(appId)
                || appId.equals(p.id())).findFirst();
        if (pkg.isEmpty()) {
            return ActionResult.failure(ExitCodes.FAILED, "application not found");
        }
        Optional<PendingUpdate> update = pending(deadline).stream()
                .filter(u -> u.packageName().equals(pkg.get().name())).findFirst();
        String now = Timestamps.format(clock.nowMillis());
        JsonObject app = JsonObject.builder().put("name", pkg.get().name()).put("version", pkg.get().version())
                .put("publisher", pkg.get().publisher()).put("vendor", pkg.get().publisher())
                .put("description", pkg.get().description()).put("install_type", "Package")
                .put("source", pkg.get().source()).put("id", pkg.get().id())
                .put("available_version", update.map(PendingUpdate::availableVersion).orElse(null)).build();
        JsonObject meta = JsonObject.builder().put("has_update", update.isPresent())
                .put("is_security_update", update.map(PendingUpdate::security).orElse(false))
                .put("last_checked", now).put("update_source", manager.name()).build();
        return ActionResult.ok(JsonObject.builder().put("application", app).put("metadata", meta).build());
    }
}

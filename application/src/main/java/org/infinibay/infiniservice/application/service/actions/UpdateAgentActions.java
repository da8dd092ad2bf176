package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.AvailableUpdate;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.UpdateAgent;
import org.infinibay.infiniservice.application.port.out.os.UpdateRecord;
import org.infinibay.infiniservice.application.port.out.os.UpdateScan;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * CheckWindowsUpdates, GetPendingUpdates, GetUpdateHistory and AutoFixWindowsUpdates (CONTRACT
 * §8.5.5, §8.5.9) over the guest's {@link UpdateAgent} (an OS update service apart from the package
 * manager). The update-status object carries every key of §8.5.5; the package-manager keys
 * ({@code distro}, package names and versions) are {@code null}.
 */
public final class UpdateAgentActions implements SafeActionExecutor {
    static final int DEFAULT_HISTORY_DAYS = 30;
    static final int MAX_ITEMS = 1000;
    private static final long DAY_MS = 86_400_000L;
    private static final Set<String> SEVERITIES = Set.of("Critical", "Important", "Moderate", "Low");

    private final UpdateAgent agent;
    private final AgentClock clock;

    public UpdateAgentActions(UpdateAgent agent, AgentClock clock) {
        this.agent = agent;
        this.clock = clock;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CheckWindowsUpdates", "GetPendingUpdates", "GetUpdateHistory", "AutoFixWindowsUpdates");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            switch (request.action()) {
                case "CheckWindowsUpdates":
                case "GetPendingUpdates": {
                    JsonObject status = updateStatus(request.deadline());
                    return ActionResult.ok(status, status.integer("pending_count").orElse(0) + " updates pending ("
                            + status.integer("critical_count").orElse(0) + " critical, "
                            + status.integer("security_count").orElse(0) + " security)"
                            + (status.bool("reboot_required").orElse(false) ? ", reboot required" : ""));
                }
                case "GetUpdateHistory":
                    return history(Params.integer(request.parameters(), "days").orElse(DEFAULT_HISTORY_DAYS),
                            request.deadline());
                default:
                    return Remediation.result(agent.repair(request.deadline()));
            }
        } catch (InvalidParameterException e) {
            return e.toResult();
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    /** The update-status object of §8.5.5 (shared with health checks and maintenance). */
    public JsonObject updateStatus(Deadline deadline) throws OsOperationException, InterruptedException {
        UpdateScan scan = agent.scan(deadline);
        List<Json> items = new ArrayList<>();
        int critical = 0;
        int security = 0;
        for (AvailableUpdate u : scan.updates()) {
            if (items.size() >= MAX_ITEMS) {
                break;
            }
            String severity = severity(u);
            boolean isSecurity = isSecurity(u);
            critical += severity.equals("Critical") ? 1 : 0;
            security += isSecurity ? 1 : 0;
            items.add(item(u, severity, isSecurity));
        }
        String now = Timestamps.format(clock.nowMillis());
        String lastCheck = scan.lastSearchMillis() == null ? now : Timestamps.format(scan.lastSearchMillis());
        int pending = scan.updates().size();
        return JsonObject.builder().put("pending_updates", new JsonArray(items)).put("pending_count", pending)
                .put("total_pending_count", pending).put("critical_count", critical).put("security_count", security)
                .put("security_updates_count", security).put("reboot_required", scan.rebootRequired())
                .putNull("reboot_required_since").put("pending_reboot_updates", scan.rebootRequired() ? 1 : 0)
                .put("automatic_updates_enabled", scan.automaticUpdatesEnabled()).put("last_check", now)
                .put("last_check_date", lastCheck)
                .put("last_install", scan.lastInstallMillis() == null ? null
                        : Timestamps.format(scan.lastInstallMillis()))
                .put("package_manager", agent.name()).putNull("distro")
                .put("update_agent_version", scan.agentVersion()).build();
    }

    /** §8.5.5: {@code Critical} if mandatory, else the MSRC severity, else {@code Optional}. */
    static String severity(AvailableUpdate u) {
        if (u.mandatory()) {
            return "Critical";
        }
        if (u.msrcSeverity() != null) {
            String s = u.msrcSeverity().strip();
            for (String known : SEVERITIES) {
                if (known.equalsIgnoreCase(s)) {
                    return known;
                }
            }
        }
        return "Optional";
    }

    /** A security update: rated by MSRC or filed under a security category. */
    static boolean isSecurity(AvailableUpdate u) {
        if (u.msrcSeverity() != null && !u.msrcSeverity().isBlank()) {
            return true;
        }
        for (String c : u.categories()) {
            if (c.toLowerCase(Locale.ROOT).contains("security")) {
                return true;
            }
        }
        return false;
    }

    private static JsonObject item(AvailableUpdate u, String severity, boolean security) {
        List<String> kbs = u.kbArticleIds();
        Long size = u.sizeBytes();
        return JsonObject.builder().put("title", u.title())
                .put("kb_article", kbs.isEmpty() ? null : "KB" + kbs.get(0))
                .put("kb_article_ids", JsonArray.ofStrings(kbs)).put("severity", severity).put("importance", severity)
                .put("description", u.description() == null ? "" : u.description())
                .put("size_mb", size == null ? null : Json.of(Results.round1(size / 1048576.0)))
                .put("size_bytes", size == null ? null : Json.of(size)).put("is_security_update", security)
                .put("categories", JsonArray.ofStrings(u.categories())).putNull("package_name")
                .putNull("current_version").putNull("available_version").putNull("repository")
                .put("is_security", security).putNull("architecture").build();
    }

    private ActionResult history(long days, Deadline deadline) throws OsOperationException, InterruptedException {
        if (days <= 0) {
            days = DEFAULT_HISTORY_DAYS;
        }
        long since = clock.nowMillis() - days * DAY_MS;
        List<UpdateRecord> entries = new ArrayList<>();
        for (UpdateRecord r : agent.history(since, deadline)) {
            if (r.dateMillis() >= since) {
                entries.add(r);
            }
        }
        entries.sort((a, b) -> Long.compare(b.dateMillis(), a.dateMillis()));
        if (entries.size() > MAX_ITEMS) {
            entries = entries.subList(0, MAX_ITEMS);
        }
        JsonArray items = JsonArray.of(entries, e -> JsonObject.builder().put("title", e.title())
                .put("kb_article", e.kbArticle()).put("install_date", Timestamps.format(e.dateMillis()))
                .put("status", e.status()).put("result_code", e.resultCode())
                .put("description", e.description() == null ? "" : e.description()).build());
        return ActionResult.ok(JsonObject.builder().put("updates", items).put("count", entries.size()).build(),
                entries.size() + " updates in the last " + days + " days");
    }
}

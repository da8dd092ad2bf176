package org.infinibay.infiniservice.application.service.actions;

import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.LocalAccount;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** SystemInfo, OsInfo and UserList (CONTRACT §8.5.4). The dispatcher adds the metrics after SystemInfo. */
public final class SystemInfoActions implements SafeActionExecutor {
    private final SystemFactsSource facts;
    private final LocalAccounts users;
    private final String agentVersion;

    public SystemInfoActions(SystemFactsSource facts, LocalAccounts users, String agentVersion) {
        this.facts = facts;
        this.users = users;
        this.agentVersion = agentVersion;
    }

    @Override
    public Set<String> actions() {
        return Set.of("SystemInfo", "OsInfo", "UserList");
    }

    @Override
    public ActionResult execute(ActionRequest request) {
        switch (request.action()) {
            case "SystemInfo":
                return ActionResult.ok(systemInfo(facts.facts()).build());
            case "OsInfo": {
                SystemFacts f = facts.facts();
                return ActionResult.ok(systemInfo(f).put("available_package_managers",
                        JsonArray.ofStrings(f.packageManagers())).put("default_shell", f.defaultShell()).build());
            }
            default:
                return userList();
        }
    }

    JsonObject.Builder systemInfo(SystemFacts f) {
        return JsonObject.builder().put("os_type", f.osType()).put("version", f.version())
                .put("architecture", f.architecture()).put("hostname", f.hostname())
                .put("kernel_version", f.kernelVersion()).put("linux_distro", f.distribution())
                .put("windows_edition", f.edition()).put("agent_version", agentVersion)
                .put("uptime_seconds", f.uptimeSeconds());
    }

    private ActionResult userList() {
        try {
            List<LocalAccount> list = users.users();
            return ActionResult.ok(JsonObject.builder().put("users", JsonArray.of(list, SystemInfoActions::toJson))
                    .put("count", list.size()).build());
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    static JsonObject toJson(LocalAccount u) {
        JsonObject.Builder b = JsonObject.builder().put("name", u.name());
        if (u.uid() != null) {
            b.put("uid", u.uid()).put("gid", u.gid() == null ? null : Json.of(u.gid()))
                    .put("description", u.description()).put("home", u.home()).put("shell", u.shell());
        }
        if (u.sid() != null || u.fullName() != null) {
            b.put("full_name", u.fullName()).put("description", u.description())
                    .put("disabled", u.disabled() == null ? null : Json.of(u.disabled()))
                    .put("locked", u.locked() == null ? null : Json.of(u.locked())).put("sid", u.sid());
        }
        return b.build();
    }
}

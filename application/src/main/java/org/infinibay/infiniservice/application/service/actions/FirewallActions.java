package org.infinibay.infiniservice.application.service.actions;

import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.FirewallStatus;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** CheckFirewallStatus / GetLinuxFirewallStatus (agent-only, CONTRACT §8.5.6); cross-platform. */
public final class FirewallActions implements SafeActionExecutor {
    private final FirewallInspector inspector;

    public FirewallActions(FirewallInspector inspector) {
        this.inspector = inspector;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CheckFirewallStatus", "GetLinuxFirewallStatus");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            FirewallStatus s = inspector.inspect(request.deadline());
            return ActionResult.ok(toJson(s), s.rawOutput());
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    static JsonObject toJson(FirewallStatus s) {
        return JsonObject.builder().put("firewall_type", s.type()).put("enabled", s.enabled()).put("status", s.status())
                .put("rules_count", s.rulesCount()).put("default_incoming", s.defaultIncoming())
                .put("default_outgoing", s.defaultOutgoing())
                .put("profiles", s.profiles() == null ? null : JsonArray.ofStrings(s.profiles())).build();
    }
}

package org.infinibay.infiniservice.application.service.actions;

import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.SecurityModuleInspector;
import org.infinibay.infiniservice.application.port.out.os.SecurityModuleStatus;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** CheckSecurityModules (Linux only, CONTRACT §8.5.6). */
public final class SecurityModuleAction implements SafeActionExecutor {
    private final SecurityModuleInspector inspector;

    public SecurityModuleAction(SecurityModuleInspector inspector) {
        this.inspector = inspector;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CheckSecurityModules");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            SecurityModuleStatus s = inspector.inspect(request.deadline());
            return ActionResult.ok(JsonObject.builder().put("module_type", s.moduleType()).put("enabled", s.enabled())
                    .put("selinux_mode", s.selinuxMode()).put("apparmor_mode", s.apparmorMode())
                    .put("profiles_loaded", s.profilesLoaded()).put("profiles_enforce", s.profilesEnforce())
                    .put("profiles_complain", s.profilesComplain()).build());
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }
}

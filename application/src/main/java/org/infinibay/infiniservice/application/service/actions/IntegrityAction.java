package org.infinibay.infiniservice.application.service.actions;

import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.IntegrityChecker;
import org.infinibay.infiniservice.application.port.out.os.IntegrityReport;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * CheckSystemIntegrity (CONTRACT §8.5.10). Success means the check ran; {@code issues_found} says
 * what it found. A missing program is a failure with {@code program_available:false}.
 */
public final class IntegrityAction implements SafeActionExecutor {
    private final IntegrityChecker checker;

    public IntegrityAction(IntegrityChecker checker) {
        this.checker = checker;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CheckSystemIntegrity");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        IntegrityReport r = checker.check(request.deadline());
        JsonObject data = JsonObject.builder().put("program", r.program()).put("program_available", r.programAvailable())
                .put("exit_code", r.exitCode()).put("issues_found", r.issuesFound()).build();
        if (!r.programAvailable()) {
            return new ActionResult(false, ExitCodes.UNKNOWN_ACTION, r.output().stdout(), r.output().stderr(), data,
                    r.program() + " is not installed");
        }
        return new ActionResult(true, ExitCodes.OK, r.output().stdout(), r.output().stderr(), data, null);
    }
}

package org.infinibay.infiniservice.application.service.actions;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.os.RemediationStep;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * The auto-fix shape of §8.5.9: {@code {"actions":[{"action","success","message"}],"succeeded","failed"}};
 * the action succeeds when no step failed; a failed step makes it {@code success:false} with the steps kept.
 */
final class Remediation {
    private Remediation() {
    }

    static ActionResult result(List<RemediationStep> steps) {
        int ok = 0;
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        JsonArray items = JsonArray.of(steps, s -> JsonObject.builder().put("action", s.action())
                .put("success", s.success()).put("message", s.message() == null ? "" : s.message()).build());
        for (RemediationStep s : steps) {
            if (s.success()) {
                ok++;
                out.append("ok   ").append(s.action()).append(": ").append(s.message()).append('\n');
            } else {
                err.append(s.action()).append(": ").append(s.message()).append('\n');
            }
        }
        int failed = steps.size() - ok;
        JsonObject data = JsonObject.builder().put("actions", items).put("succeeded", ok).put("failed", failed).build();
        if (failed == 0) {
            return new ActionResult(true, ExitCodes.OK, out.toString(), err.toString(), data, null);
        }
        return new ActionResult(false, ExitCodes.FAILED, out.toString(), err.toString(), data,
                failed + " of " + steps.size() + " steps failed");
    }
}

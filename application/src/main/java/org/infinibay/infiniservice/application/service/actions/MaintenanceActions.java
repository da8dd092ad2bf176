package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * RunMaintenanceTask (CONTRACT §8.5.10): {@code cleanup}, {@code updates_check}, {@code health_check};
 * empty or unknown {@code task_type} runs all three in sequence. Partial results are kept on failure.
 */
public final class MaintenanceActions implements SafeActionExecutor {
    private static final List<String> ALL = List.of("cleanup", "updates_check", "health_check");

    /** The OS's update status object (CheckLinuxUpdates / CheckWindowsUpdates data). */
    public interface UpdateStatus {
        JsonObject status(Deadline deadline) throws Exception;
    }

    private final CleanupActions cleanup;
    private final HealthCheckActions health;
    private final UpdateStatus updates;

    public MaintenanceActions(CleanupActions cleanup, HealthCheckActions health, UpdateStatus updates) {
        this.cleanup = cleanup;
        this.health = health;
        this.updates = updates;
    }

    @Override
    public Set<String> actions() {
        return Set.of("RunMaintenanceTask");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        ActionParameters p = request.parameters();
        String taskType;
        boolean before;
        boolean after;
        try {
            taskType = p.string("task_type").orElse("").trim().toLowerCase(Locale.ROOT);
            before = Params.bool(p, "validate_before", false);
            after = Params.bool(p, "validate_after", false);
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
        String taskName = p.string("task_name").orElse("");
        Deadline deadline = request.deadline();
        Json validationBefore = before ? health.runAllChecks(deadline) : null;
        List<String> steps = ALL.contains(taskType) ? List.of(taskType) : ALL;
        List<Json> results = new ArrayList<>();
        int ok = 0;
        StringBuilder stdout = new StringBuilder();
        List<String> errors = new ArrayList<>();
        for (String step : steps) {
            boolean success;
            String message;
            String error = null;
            Json data = null;
            try {
                switch (step) {
                    case "cleanup": {
                        ActionResult r = cleanup.cleanup(List.of("temp_files"), deadline);
                        success = r.success();
                        data = r.data();
                        error = r.error();
                        message = success ? "temporary files cleaned" : "cleanup failed";
                        break;
                    }
                    case "updates_check": {
                        JsonObject s = updates.status(deadline);
                        data = s;
                        success = true;
                        message = s.integer("pending_count").orElse(0) + " updates pending";
                        break;
                    }
                    default: {
                        JsonObject h = health.runAllChecks(deadline);
                        data = h;
                        success = true;
                        message = "overall health " + h.string("overall_health").orElse("Warning");
                        break;
                    }
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                success = false;
                message = step + " failed";
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            ok += success ? 1 : 0;
            stdout.append(step).append(": ").append(message).append('\n');
            if (!success) {
                errors.add(step + ": " + error);
            }
            results.add(JsonObject.builder().put("step", step).put("success", success).put("message", message)
                    .put("error", success ? null : error).put("data", data).build());
        }
        Json validationAfter = after ? health.runAllChecks(deadline) : null;
        JsonObject data = JsonObject.builder().put("task_type", taskType).put("task_name", taskName)
                .put("steps", new JsonArray(results)).put("steps_succeeded", ok).put("steps_total", steps.size())
                .put("validation_before", validationBefore).put("validation_after", validationAfter).build();
        if (ok == steps.size()) {
            return ActionResult.ok(data, stdout.toString());
        }
        return new ActionResult(false, ExitCodes.FAILED, stdout.toString(), String.join("\n", errors), data,
                (steps.size() - ok) + " of " + steps.size() + " maintenance steps failed");
    }
}

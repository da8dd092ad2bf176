package org.infinibay.infiniservice.application.service.actions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageShutdown;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageStep;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * PrepareGoldenImage (CONTRACT §8.5.12): cleanup runs synchronously, then the reply, then (with
 * {@code shutdown_after}) power-off at least 3 s after the reply was written. Step failures become
 * warnings; only a failed mandatory step fails the action.
 */
public final class GoldenImageAction implements SafeActionExecutor {
    static final Duration SHUTDOWN_DELAY = Duration.ofSeconds(3);
    private static final Set<String> LEVELS = Set.of("minimal", "basic", "standard", "deep");

    private final GoldenImagePreparer preparer;
    private final PowerControl power;
    private final SystemFactsSource facts;
    private final Duration delay;
    private final GoldenImageShutdown finish;

    public GoldenImageAction(GoldenImagePreparer preparer, PowerControl power, SystemFactsSource facts) {
        this(preparer, power, facts, SHUTDOWN_DELAY);
    }

    public GoldenImageAction(GoldenImagePreparer preparer, PowerControl power, SystemFactsSource facts,
                             Duration delay) {
        this(preparer, GoldenImageShutdown.powerOff(power), facts, delay);
    }

    /** @param shutdown what follows with {@code shutdown_after}: a power-off, or a tool that generalises first */
    public GoldenImageAction(GoldenImagePreparer preparer, GoldenImageShutdown shutdown, SystemFactsSource facts,
                             Duration delay) {
        this.preparer = preparer;
        this.power = shutdown.power();
        this.facts = facts;
        this.delay = delay;
        this.finish = shutdown;
    }

    @Override
    public Set<String> actions() {
        return Set.of("PrepareGoldenImage");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        String level;
        boolean sanitize;
        boolean shutdown;
        try {
            level = Params.choice(request.parameters(), "cleanup_level", LEVELS).orElse("standard");
            sanitize = Params.bool(request.parameters(), "sanitize_user_data", true);
            shutdown = Params.bool(request.parameters(), "shutdown_after", true);
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
        String refusal = preparer.refusal();
        if (refusal != null) {
            return ActionResult.failure(ExitCodes.FAILED, "refused: " + refusal);
        }
        List<GoldenImageStep> steps = preparer.prepare(level, sanitize, request.deadline());
        List<Json> stepJson = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        StringBuilder stdout = new StringBuilder();
        String mandatoryFailure = null;
        for (GoldenImageStep s : steps) {
            stepJson.add(JsonObject.builder().put("step", s.step()).put("success", s.success())
                    .put("message", s.message()).build());
            stdout.append(s.success() ? "ok   " : "FAIL ").append(s.step()).append(": ").append(s.message()).append('\n');
            if (!s.success()) {
                warnings.add(s.step() + ": " + s.message());
                if (s.mandatory() && mandatoryFailure == null) {
                    mandatoryFailure = s.step() + ": " + s.message();
                }
            }
        }
        boolean scheduled = false;
        if (shutdown && mandatoryFailure == null) {
            String reason = power.unavailableReason();
            if (reason == null) {
                AfterReply.schedule(request, delay, finish.label(), power::powerOff);
                scheduled = true;
                stdout.append(finish.command()).append(" scheduled ")
                        .append(delay.toSeconds()).append(" s after this reply\n");
            } else {
                warnings.add("shutdown: " + reason);
            }
        }
        SystemFacts f = facts.facts();
        JsonObject data = JsonObject.builder().put("os", f.osType()).put("distro", f.distribution())
                .put("cleanup_level", level).put("sanitize_user_data", sanitize).put("shutdown_after", shutdown)
                .put("steps", new JsonArray(stepJson)).put("warnings", JsonArray.ofStrings(warnings))
                .put("sysprep_launched", finish.generalizes() && scheduled).put("shutdown_scheduled", scheduled).build();
        String stderr = String.join("\n", warnings);
        if (mandatoryFailure != null) {
            return new ActionResult(false, ExitCodes.FAILED, stdout.toString(), stderr, data,
                    "mandatory step failed: " + mandatoryFailure);
        }
        return new ActionResult(true, ExitCodes.OK, stdout.toString(), stderr, data, null);
    }
}

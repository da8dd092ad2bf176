package org.infinibay.infiniservice.application.service.actions;

import java.time.Duration;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * RebootSystem (CONTRACT §8.5.13): acknowledge first, then reboot {@link #DELAY} after the reply was
 * written. If the reboot cannot be scheduled at all, the reply says so instead.
 */
public final class RebootAction implements SafeActionExecutor {
    static final Duration DELAY = Duration.ofSeconds(5);

    private final PowerControl power;
    private final Duration delay;

    public RebootAction(PowerControl power) {
        this(power, DELAY);
    }

    /** Tests shorten the delay; production uses 5 s. */
    public RebootAction(PowerControl power, Duration delay) {
        this.power = power;
        this.delay = delay;
    }

    @Override
    public Set<String> actions() {
        return Set.of("RebootSystem");
    }

    @Override
    public ActionResult execute(ActionRequest request) {
        boolean force;
        try {
            force = Params.bool(request.parameters(), "force", false);
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
        String reason = power.unavailableReason();
        if (reason != null) {
            return ActionResult.failure(ExitCodes.FAILED, "cannot schedule reboot: " + reason);
        }
        AfterReply.schedule(request, delay, "reboot", () -> power.reboot(force));
        return ActionResult.ok(JsonObject.builder().put("scheduled", true).put("delay_seconds", DELAY.toSeconds())
                .put("force", force).build(), "reboot scheduled in " + DELAY.toSeconds() + " s");
    }
}

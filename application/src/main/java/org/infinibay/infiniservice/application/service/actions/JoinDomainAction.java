package org.infinibay.infiniservice.application.service.actions;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.DomainJoinRequest;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * JoinDomain (CONTRACT §8.5.12). The password is read once, handed to the joiner as a char array
 * (stdin only) and wiped; it never reaches a log, argv, file or the response (pitfall P5).
 * With {@code restart_after}, the restart happens at least 5 s after the reply was written.
 */
public final class JoinDomainAction implements SafeActionExecutor {
    static final Duration RESTART_DELAY = Duration.ofSeconds(5);
    private static final int MAX_OU = 1024;

    private final DomainJoiner joiner;
    private final PowerControl power;
    private final SystemFactsSource facts;
    private final Duration delay;

    public JoinDomainAction(DomainJoiner joiner, PowerControl power, SystemFactsSource facts) {
        this(joiner, power, facts, RESTART_DELAY);
    }

    public JoinDomainAction(DomainJoiner joiner, PowerControl power, SystemFactsSource facts, Duration delay) {
        this.joiner = joiner;
        this.power = power;
        this.facts = facts;
        this.delay = delay;
    }

    @Override
    public Set<String> actions() {
        return Set.of("JoinDomain");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        ActionParameters p = request.parameters();
        String domain;
        String username;
        Optional<String> ou;
        Optional<String> computerName;
        boolean restart;
        char[] password;
        try {
            domain = Params.required(p, "domain", ParameterRule.DOMAIN);
            username = Params.required(p, "username", ParameterRule.ACCOUNT);
            ou = ou(p);
            computerName = Params.optional(p, "computer_name", ParameterRule.DOMAIN);
            if (computerName.isPresent() && computerName.get().length() > 63) {
                throw new InvalidParameterException("computer_name", "longer than 63 characters");
            }
            restart = Params.bool(p, "restart_after", false);
            Optional<Json> raw = p.get("password");
            if (raw.isEmpty() || !(raw.get() instanceof JsonString s) || s.value().isEmpty()) {
                throw new InvalidParameterException("password", "missing");
            }
            password = s.value().toCharArray();
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
        CommandOutput out;
        DomainJoinRequest joinRequest = new DomainJoinRequest(domain, username, password, ou.orElse(null),
                computerName.orElse(null));
        try {
            out = joiner.join(joinRequest, request.deadline());
        } catch (OsOperationException e) {
            return Results.failure(e);
        } finally {
            Arrays.fill(password, '\0');
        }
        boolean scheduled = false;
        String stdout = out.stdout();
        if (restart) {
            String reason = power.unavailableReason();
            if (reason == null) {
                AfterReply.schedule(request, delay, "restart", () -> power.reboot(false));
                scheduled = true;
            } else {
                stdout = stdout + (stdout.isEmpty() || stdout.endsWith("\n") ? "" : "\n")
                        + "restart not scheduled: " + reason + "\n";
            }
        }
        SystemFacts f = facts.facts();
        JsonObject data = JsonObject.builder().put("os", f.osType()).put("distro", f.distribution()).put("domain", domain)
                .put("ou", ou.orElse(null)).put("computer_name", computerName.orElse(null))
                .put("computerName", computerName.orElse(null)).put("status", "joined")
                .put("reboot_required", restart).put("rebootRequired", restart)
                .put("restart_scheduled", scheduled).put("restartScheduled", scheduled).build();
        return new ActionResult(true, 0, stdout, out.stderr(), data, null);
    }

    /** An OU is a DN ({@code OU=Servers,DC=corp,DC=example}): free text, but no control characters or option. */
    private static Optional<String> ou(ActionParameters p) throws InvalidParameterException {
        Optional<Json> raw = p.get("ou");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!(raw.get() instanceof JsonString s)) {
            throw new InvalidParameterException("ou", "must be a string");
        }
        String v = s.value();
        if (v.isEmpty()) {
            return Optional.empty();
        }
        if (v.length() > MAX_OU) {
            throw new InvalidParameterException("ou", "longer than " + MAX_OU + " characters");
        }
        if (v.startsWith("-")) {
            throw new InvalidParameterException("ou", "must not start with '-'");
        }
        if (v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidParameterException("ou", "contains control characters");
        }
        return Optional.of(v);
    }
}

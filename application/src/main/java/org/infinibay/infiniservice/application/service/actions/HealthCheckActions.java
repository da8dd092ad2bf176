package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.infinibay.infiniservice.application.service.DaemonThreads;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;

/**
 * RunHealthCheck, RunAllHealthChecks and ValidateSystemHealth (CONTRACT §8.5.8). Checks run in
 * parallel; one that cannot finish before the deadline is reported as {@code warning} /
 * {@code "check timed out"} so the reply still reaches the host in time.
 */
public final class HealthCheckActions implements SafeActionExecutor {
    /** Time kept back from the deadline to build and send the reply. */
    static final long REPLY_MARGIN_MS = 1_500;
    private static final Map<String, String> ALIASES = Map.of("windows_updates", "os_updates", "linux_updates",
            "os_updates", "updates", "os_updates", "disk", "disk_space");

    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool(DaemonThreads.named("health-check"));

    public HealthCheckActions(List<HealthCheck> checks) {
        for (HealthCheck c : checks) {
            this.checks.put(c.name(), c);
        }
    }

    @Override
    public Set<String> actions() {
        return Set.of("RunHealthCheck", "RunAllHealthChecks", "ValidateSystemHealth");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        Optional<String> name;
        try {
            name = checkName(request);
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
        if (name.isPresent()) {
            HealthCheck.Result r = runAll(List.of(checks.get(name.get())), request.deadline()).get(name.get());
            return ActionResult.ok(JsonObject.builder().put("check_name", name.get()).put("status", r.status())
                    .put("message", r.message()).put("details", r.details()).build(), r.status() + ": " + r.message());
        }
        JsonObject all = runAllChecks(request.deadline());
        if (request.action().equals("RunHealthCheck")) {
            String worst = worst(all);
            return ActionResult.ok(JsonObject.builder().put("check_name", "all").put("status", worst)
                    .put("message", summary(all)).put("details", all).build(), summary(all));
        }
        return ActionResult.ok(all, summary(all));
    }

    private Optional<String> checkName(ActionRequest request) throws InvalidParameterException {
        if (request.action().equals("RunAllHealthChecks")) {
            return Optional.empty();
        }
        Optional<Json> raw = request.parameters().get("check_name");
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        if (!(raw.get() instanceof JsonString s)) {
            throw new InvalidParameterException("check_name", "must be a string");
        }
        String n = s.value().trim().toLowerCase(Locale.ROOT);
        if (n.isEmpty() || n.equals("all")) {
            return Optional.empty();
        }
        n = ALIASES.getOrDefault(n, n);
        if (!checks.containsKey(n)) {
            throw new InvalidParameterException("check_name", "unknown check (known: " + checks.keySet() + ")");
        }
        return Optional.of(n);
    }

    /** The RunAllHealthChecks object: check name → result, {@code overall_health}, {@code checks[]}. */
    JsonObject runAllChecks(Deadline deadline) throws InterruptedException {
        Map<String, HealthCheck.Result> results = runAll(new ArrayList<>(checks.values()), deadline);
        JsonObject.Builder out = JsonObject.builder();
        List<Json> list = new ArrayList<>();
        boolean anyFailed = false;
        boolean allPassed = true;
        for (Map.Entry<String, HealthCheck.Result> e : results.entrySet()) {
            HealthCheck.Result r = e.getValue();
            out.put(e.getKey(), r.toJson());
            list.add(JsonObject.builder().put("check_name", e.getKey()).put("status", r.status())
                    .put("message", r.message()).build());
            anyFailed |= r.status().equals("failed");
            allPassed &= r.status().equals("passed");
        }
        return out.put("overall_health", anyFailed ? "Critical" : allPassed ? "Healthy" : "Warning")
                .put("checks", new JsonArray(list)).build();
    }

    private Map<String, HealthCheck.Result> runAll(List<HealthCheck> selected, Deadline deadline)
            throws InterruptedException {
        Map<String, Future<HealthCheck.Result>> futures = new LinkedHashMap<>();
        for (HealthCheck c : selected) {
            futures.put(c.name(), pool.submit(() -> c.run(deadline)));
        }
        Map<String, HealthCheck.Result> results = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Future<HealthCheck.Result>> e : futures.entrySet()) {
                long waitMs = deadline.remainingNanos(System.nanoTime()) / 1_000_000 - REPLY_MARGIN_MS;
                HealthCheck.Result r;
                try {
                    r = e.getValue().get(Math.max(0, waitMs), TimeUnit.MILLISECONDS);
                    if (r == null) {
                        r = new HealthCheck.Result("warning", "check returned nothing", null);
                    }
                } catch (TimeoutException t) {
                    e.getValue().cancel(true);
                    r = new HealthCheck.Result("warning", "check timed out", null);
                } catch (ExecutionException x) {
                    Throwable cause = x.getCause();
                    r = new HealthCheck.Result("warning", "check could not run: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()), null);
                }
                results.put(e.getKey(), r);
            }
        } finally {
            futures.values().forEach(f -> f.cancel(true)); // interrupted: stop the remaining checks
        }
        return results;
    }

    static String worst(JsonObject all) {
        String health = all.string("overall_health").orElse("Warning");
        return health.equals("Healthy") ? "passed" : health.equals("Critical") ? "failed" : "warning";
    }

    static String summary(JsonObject all) {
        int passed = 0;
        int warning = 0;
        int failed = 0;
        for (Json c : all.array("checks").orElse(JsonArray.EMPTY).items()) {
            String s = ((JsonObject) c).string("status").orElse("");
            passed += s.equals("passed") ? 1 : 0;
            warning += s.equals("warning") ? 1 : 0;
            failed += s.equals("failed") ? 1 : 0;
        }
        return passed + " passed, " + warning + " warning, " + failed + " failed";
    }
}

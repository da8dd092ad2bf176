package org.infinibay.infiniservice.application.service.actions;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/**
 * PackageList, PackageSearch, PackageInstall/Remove/Update and UpdateSystemSoftware (CONTRACT
 * §8.5.2, §8.5.5). Mutating operations share one lock (§8.6); lists are bounded.
 */
public final class PackageActions implements SafeActionExecutor {
    static final int MAX_PACKAGES = 5000;

    private final PackageManager manager;
    private final ParameterRule packageRule;
    private final ReentrantLock mutationLock = new ReentrantLock(true);

    /** Names are checked against {@link PackageManager#nameRule()}. */
    public PackageActions(PackageManager manager) {
        this.manager = manager;
        this.packageRule = manager.nameRule();
    }

    @Override
    public Set<String> actions() {
        return Set.of("PackageList", "PackageSearch", "PackageInstall", "PackageRemove", "PackageUpdate",
                "UpdateSystemSoftware");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            switch (request.action()) {
                case "PackageList":
                    return packages(manager.installed(request.deadline()));
                case "PackageSearch": {
                    String query = Params.required(request.parameters(), "query", ParameterRule.SEARCH_QUERY);
                    return packages(manager.search(query, request.deadline()));
                }
                case "PackageInstall":
                case "PackageRemove":
                case "PackageUpdate": {
                    String pkg = Params.required(request.parameters(), "package", packageRule);
                    String op = request.action().substring("Package".length()).toLowerCase(java.util.Locale.ROOT);
                    return mutate(pkg, op, request.deadline());
                }
                default:
                    return updateSystem(Params.optional(request.parameters(), "package", packageRule),
                            request.deadline());
            }
        } catch (InvalidParameterException e) {
            return e.toResult();
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    private ActionResult mutate(String pkg, String op, Deadline deadline)
            throws OsOperationException, InterruptedException {
        PackageChange change = locked(deadline, () -> {
            switch (op) {
                case "install":
                    return manager.install(pkg, deadline);
                case "remove":
                    return manager.remove(pkg, deadline);
                default:
                    return manager.update(pkg, deadline);
            }
        });
        JsonObject data = JsonObject.builder().put("package", pkg).put("operation", op).put("changed", change.changed())
                .put("reboot_required", change.rebootRequired()).build();
        return new ActionResult(true, ExitCodes.OK, change.output().stdout(), change.output().stderr(), data, null);
    }

    private ActionResult updateSystem(Optional<String> pkg, Deadline deadline)
            throws OsOperationException, InterruptedException {
        PackageChange change = locked(deadline,
                () -> pkg.isPresent() ? manager.update(pkg.get(), deadline) : manager.upgradeAll(deadline));
        JsonObject data = JsonObject.builder().put("package", pkg.orElse(null))
                .put("packages_updated", change.packagesChanged())
                .put("reboot_required", change.rebootRequired()).put("requires_reboot", change.rebootRequired()).build();
        return new ActionResult(true, ExitCodes.OK, change.output().stdout(), change.output().stderr(), data, null);
    }

    private interface Mutation {
        PackageChange run() throws OsOperationException, InterruptedException;
    }

    private PackageChange locked(Deadline deadline, Mutation m) throws OsOperationException, InterruptedException {
        long wait = deadline.remainingNanos(System.nanoTime());
        if (!mutationLock.tryLock(wait, TimeUnit.NANOSECONDS)) {
            throw new OsOperationException(ExitCodes.TIMED_OUT, "timed out waiting for another package operation",
                    "", "");
        }
        try {
            return m.run();
        } finally {
            mutationLock.unlock();
        }
    }

    private static ActionResult packages(List<PackageInfo> list) {
        if (list.size() > MAX_PACKAGES) {
            list = list.subList(0, MAX_PACKAGES);
        }
        return ActionResult.ok(JsonObject.builder().put("packages", JsonArray.of(list, PackageActions::toJson))
                .put("count", list.size()).build());
    }

    static JsonObject toJson(PackageInfo p) {
        return JsonObject.builder().put("name", p.name()).put("Name", p.name()).put("version", p.version())
                .put("Version", p.version()).put("description", p.description()).put("installed", p.installed())
                .put("Installed", p.installed()).put("publisher", p.publisher()).put("source", p.source())
                .put("id", p.id()).build();
    }
}

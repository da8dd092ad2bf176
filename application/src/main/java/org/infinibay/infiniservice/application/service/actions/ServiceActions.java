package org.infinibay.infiniservice.application.service.actions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ServiceInfo;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.application.service.policy.PolicyDecision;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** ServiceList, ServiceControl and RestartServices (CONTRACT §8.5.1, §8.5.10). */
public final class ServiceActions implements SafeActionExecutor {
    private static final Set<String> OPERATIONS = Set.of("start", "stop", "restart", "enable", "disable", "status");
    private static final int MAX_SERVICES = 1000;

    private final ServiceManager manager;
    private final ParameterRule serviceRule;
    private final PolicyEvaluator policy;

    /** Names are checked against {@link ServiceManager#nameRule()}. */
    public ServiceActions(ServiceManager manager) {
        this(manager, PolicyEvaluator.permissive());
    }

    /**
     * @param policy checked again on the names the service manager resolves (aliases): the dispatcher
     *               checked the name as sent, before anything ran
     */
    public ServiceActions(ServiceManager manager, PolicyEvaluator policy) {
        this.manager = manager;
        this.serviceRule = manager.nameRule();
        this.policy = policy;
    }

    @Override
    public Set<String> actions() {
        return Set.of("ServiceList", "ServiceControl", "RestartServices");
    }

    @Override
    public ActionResult execute(ActionRequest request) throws InterruptedException {
        try {
            switch (request.action()) {
                case "ServiceList":
                    return list(request.deadline());
                case "ServiceControl":
                    return control(request.parameters(), request.deadline());
                default:
                    return restartServices(request.parameters(), request.deadline());
            }
        } catch (InvalidParameterException e) {
            return e.toResult();
        }
    }

    private ActionResult list(Deadline deadline) throws InterruptedException {
        if (!manager.available()) {
            return ActionResult.ok(JsonObject.builder().put("services", JsonArray.EMPTY).put("count", 0)
                    .put("supported", false).build());
        }
        try {
            List<ServiceInfo> services = manager.list(deadline);
            if (services.size() > MAX_SERVICES) {
                services = services.subList(0, MAX_SERVICES); // §2.3/P10: bounded lists
            }
            return ActionResult.ok(JsonObject.builder().put("services", JsonArray.of(services, ServiceActions::toJson))
                    .put("count", services.size()).build());
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    private ActionResult control(ActionParameters p, Deadline deadline)
            throws InvalidParameterException, InterruptedException {
        String service = Params.required(p, "service", serviceRule);
        String operation = Params.choice(p, "operation", OPERATIONS)
                .orElseThrow(() -> new InvalidParameterException("operation", "missing"));
        if (!manager.available()) {
            return notSupported();
        }
        try {
            Optional<String> denied = aliasDenied(service, deadline);
            if (denied.isPresent()) {
                return ActionResult.failure(ExitCodes.FAILED, denied.get());
            }
            Optional<ServiceInfo> before = manager.find(service, deadline);
            if (before.isEmpty()) {
                return ActionResult.failure(ExitCodes.FAILED, "service not found: " + service);
            }
            CommandOutput out = CommandOutput.NONE;
            if (!operation.equals("status")) {
                out = manager.control(service, operation, deadline);
            }
            ServiceInfo after = manager.find(service, deadline).orElse(before.get());
            JsonObject data = JsonObject.builder().put("service", service).put("operation", operation)
                    .put("state", after.state()).put("start_type", after.startType()).build();
            return new ActionResult(true, ExitCodes.OK, out.stdout(), out.stderr(), data, null);
        } catch (OsOperationException e) {
            return Results.failure(e);
        }
    }

    private ActionResult restartServices(ActionParameters p, Deadline deadline)
            throws InvalidParameterException, InterruptedException {
        List<String> names = new ArrayList<>();
        Optional<String> single = Params.optional(p, "service_name", serviceRule);
        single.ifPresent(names::add);
        for (String s : Params.strings(p, "services").orElse(List.of())) {
            names.add(Params.checked("services", s, serviceRule));
        }
        if (names.isEmpty()) {
            throw new InvalidParameterException("service_name", "missing");
        }
        if (!manager.available()) {
            return notSupported();
        }
        List<Json> items = new ArrayList<>();
        int failed = 0;
        for (String name : names) {
            String output = "";
            String error = null;
            try {
                Optional<String> denied = aliasDenied(name, deadline);
                if (denied.isPresent()) {
                    throw new OsOperationException(denied.get());
                }
                output = manager.control(name, "restart", deadline).stdout();
            } catch (OsOperationException e) {
                error = e.getMessage();
                output = e.stdout();
                failed++;
            }
            items.add(JsonObject.builder().put("service", name).put("success", error == null).put("output", output)
                    .put("error", error).build());
        }
        JsonObject data = JsonObject.builder().put("services", new JsonArray(items))
                .put("succeeded", names.size() - failed).put("failed", failed).put("total", names.size()).build();
        if (failed == 0) {
            return ActionResult.ok(data);
        }
        return ActionResult.failure(ExitCodes.FAILED, failed + " of " + names.size() + " services failed to restart",
                data);
    }

    /** The guest policy's refusal of any name the service goes by; empty when allowed. */
    private Optional<String> aliasDenied(String service, Deadline deadline)
            throws OsOperationException, InterruptedException {
        if (!policy.restrictsServices()) {
            return Optional.empty();
        }
        PolicyDecision d = policy.services(manager.names(service, deadline));
        return d.allowed() ? Optional.empty() : Optional.of(d.error());
    }

    private static ActionResult notSupported() {
        return ActionResult.failure(ExitCodes.NOT_SUPPORTED, "service manager is not available",
                JsonObject.builder().put("supported", false).build());
    }

    static JsonObject toJson(ServiceInfo s) {
        return JsonObject.builder().put("name", s.name()).put("display_name", s.displayName()).put("state", s.state())
                .put("start_type", s.startType()).put("description", s.description()).build();
    }
}

package org.infinibay.infiniservice.testkit.fakeos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ServiceInfo;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/** The fake OS's services: a name-to-state map on the machine. */
final class FakeServices implements ServiceManager {
    /** What a service name may look like on FakeOS (CONTRACT §8.2: the OS's own rule). */
    static final ParameterRule NAMES = new ParameterRule("SERVICE_FAKEOS", "[a-z0-9-]+", 64);

    private final FakeMachine machine;

    FakeServices(FakeMachine machine) {
        this.machine = machine;
    }

    @Override
    public ParameterRule nameRule() {
        return NAMES;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public List<ServiceInfo> list(Deadline deadline) {
        List<ServiceInfo> out = new ArrayList<>();
        for (Map.Entry<String, String> e : machine.services().entrySet()) {
            out.add(info(e.getKey(), e.getValue()));
        }
        return out;
    }

    @Override
    public Optional<ServiceInfo> find(String name, Deadline deadline) {
        String state = machine.services.get(name);
        return state == null ? Optional.empty() : Optional.of(info(name, state));
    }

    private static ServiceInfo info(String name, String state) {
        return new ServiceInfo(name, name, state, "Automatic", "a fake service");
    }

    @Override
    public CommandOutput control(String name, String operation, Deadline deadline) throws OsOperationException {
        if (!machine.services.containsKey(name)) {
            throw new OsOperationException("no such service: " + name);
        }
        switch (operation) {
            case "start", "restart" -> machine.services.put(name, "Running");
            case "stop" -> machine.services.put(name, "Stopped");
            default -> {
                // enable, disable: the start type is fixed here
            }
        }
        return new CommandOutput(0, name + " " + operation + "ed\n", "");
    }

    @Override
    public List<String> failed(Deadline deadline) {
        return List.of();
    }
}

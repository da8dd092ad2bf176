package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/** The OS service manager (systemd, the Windows SCM). */
public interface ServiceManager {

    /** What a service name may look like here (CONTRACT §8.2: the characters differ per OS). */
    ParameterRule nameRule();

    /** False when the manager is not running here (e.g. a container without systemd, §8.5.1). */
    boolean available();

    List<ServiceInfo> list(Deadline deadline) throws OsOperationException, InterruptedException;

    /** Empty when no such service exists. */
    Optional<ServiceInfo> find(String name, Deadline deadline) throws OsOperationException, InterruptedException;

    /**
     * Every name the service goes by (systemd: its {@code Id} and aliases), so a guest-policy rule about
     * one of them holds for all; the name itself where services have no aliases.
     */
    default List<String> names(String name, Deadline deadline) throws OsOperationException, InterruptedException {
        return List.of(name);
    }

    /**
     * Runs {@code operation} ∈ start, stop, restart, enable, disable (already validated, lower case).
     * Throws when the manager refuses it; the returned output is for {@code stdout}.
     */
    CommandOutput control(String name, String operation, Deadline deadline)
            throws OsOperationException, InterruptedException;

    /** Names of failed units / stopped automatic services (health check {@code failed_services}). */
    List<String> failed(Deadline deadline) throws OsOperationException, InterruptedException;
}

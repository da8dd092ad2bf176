package org.infinibay.infiniservice.application.port.out;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What to start. {@code command} is the argv (each element passed as one argument, never through a
 * shell); {@code environment} is the child's complete environment (already sanitised by the
 * engine); {@code workingDirectory} and {@code runAsUser} may be {@code null} (agent's own).
 *
 * @param runId       names the run's container ({@code [A-Za-z0-9-]}); {@code null}: unnamed
 * @param onContained told the container's description (see {@link ProcessLauncher#stopLeftover}) once
 *                    the container exists, before the program can run; {@code null}: nobody listens.
 *                    A launcher without containers never calls it.
 */
public record LaunchSpec(List<String> command, Map<String, String> environment, String workingDirectory,
                         String runAsUser, String runId, Consumer<String> onContained) {
    public LaunchSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    public LaunchSpec(List<String> command, Map<String, String> environment, String workingDirectory,
                      String runAsUser) {
        this(command, environment, workingDirectory, runAsUser, null, null);
    }

    /** Never prints the environment: values may be secret (pitfall P5). */
    @Override
    public String toString() {
        return "LaunchSpec[program=" + (command.isEmpty() ? "" : command.get(0)) + ", args=" + (command.size() - 1)
                + ", env=" + environment.size() + " vars, runAs=" + runAsUser + ", run=" + runId + "]";
    }
}

package org.infinibay.infiniservice.application.port.out;

import java.util.List;
import java.util.Map;

/**
 * What to start. {@code command} is the argv (each element passed as one argument, never through a
 * shell); {@code environment} is the child's complete environment (already sanitised by the
 * engine); {@code workingDirectory} and {@code runAsUser} may be {@code null} (agent's own).
 */
public record LaunchSpec(List<String> command, Map<String, String> environment, String workingDirectory,
                         String runAsUser) {
    public LaunchSpec {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** Never prints the environment: values may be secret (pitfall P5). */
    @Override
    public String toString() {
        return "LaunchSpec[program=" + (command.isEmpty() ? "" : command.get(0)) + ", args=" + (command.size() - 1)
                + ", env=" + environment.size() + " vars, runAs=" + runAsUser + "]";
    }
}

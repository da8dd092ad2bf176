package org.infinibay.infiniservice.application.port.in;

import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.out.Deadline;

/**
 * One program to run. {@code extraEnvironment} is added to the agent's environment minus its
 * secrets; {@code stdin} is written then closed ({@code null}: closed at once). {@code workingDirectory}
 * and {@code runAsUser} may be {@code null}. {@code runId} names the run (its container and its
 * record among the running programs, {@code [A-Za-z0-9-]}); {@code null}: the engine picks one.
 */
public record ExecRequest(List<String> command, Map<String, String> extraEnvironment, String workingDirectory,
                          String runAsUser, Deadline deadline, byte[] stdin, String runId) {
    public ExecRequest {
        command = List.copyOf(command);
        extraEnvironment = Map.copyOf(extraEnvironment);
    }

    public ExecRequest(List<String> command, Map<String, String> extraEnvironment, String workingDirectory,
                       String runAsUser, Deadline deadline, byte[] stdin) {
        this(command, extraEnvironment, workingDirectory, runAsUser, deadline, stdin, null);
    }

    public static ExecRequest of(List<String> command, Deadline deadline) {
        return new ExecRequest(command, Map.of(), null, null, deadline, null);
    }

    /** Never prints the environment or stdin: they may hold secrets (pitfall P5). */
    @Override
    public String toString() {
        return "ExecRequest[program=" + (command.isEmpty() ? "" : command.get(0)) + ", args=" + (command.size() - 1)
                + ", env+=" + extraEnvironment.size() + ", runAs=" + runAsUser + "]";
    }
}

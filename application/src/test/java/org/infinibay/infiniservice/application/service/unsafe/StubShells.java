package org.infinibay.infiniservice.application.service.unsafe;

import java.util.List;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.ShellCommand;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * A shell table for the core's own tests: every shell is {@code sh -c}, except {@code refused}, which
 * is refused with 126; {@code root} (or nothing) is the agent's account. The real tables (POSIX,
 * Windows) are tested with their adapters and, with the core, in bootstrap's ShellTablesInTheCoreTest.
 */
public final class StubShells implements ShellPlatform {
    @Override
    public String agentAccount() {
        return "root";
    }

    @Override
    public String noOpCommand() {
        return "true";
    }

    @Override
    public ShellCommand command(String shell, String raw) {
        return "REFUSED".equals(ShellPlatform.normalise(shell))
                ? ShellCommand.refused(ExitCodes.NOT_SUPPORTED, "shell " + shell + " is refused here")
                : ShellCommand.run(List.of("sh", "-c", raw));
    }

    @Override
    public ShellCommand script(String shell, String scriptPath) {
        return ShellCommand.run(List.of("sh", scriptPath));
    }

    @Override
    public String scriptExtension(String shell) {
        return ".sh";
    }

    @Override
    public boolean isAgentAccount(String runAs) {
        return runAs == null || runAs.isEmpty() || runAs.equals("root");
    }

    @Override
    public Optional<String> runAsUnsupported(String runAs) {
        return Optional.empty();
    }
}

package org.infinibay.infiniservice.testkit.fakeos;

import java.util.List;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.ShellCommand;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/** The fake OS's one shell, {@code fakesh}; every other shell is refused with 126; no named accounts. */
final class FakeShells implements ShellPlatform {
    static final String SHELL = "fakesh";

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
        return accepted(shell) ? ShellCommand.run(List.of(SHELL, "-c", raw)) : refused(shell);
    }

    @Override
    public ShellCommand script(String shell, String scriptPath) {
        return accepted(shell) ? ShellCommand.run(List.of(SHELL, scriptPath)) : refused(shell);
    }

    private static boolean accepted(String shell) {
        String s = ShellPlatform.normalise(shell);
        return s.isEmpty() || s.equals("FAKESH");
    }

    private static ShellCommand refused(String shell) {
        return ShellCommand.refused(ExitCodes.NOT_SUPPORTED, "shell " + shell.trim() + " is not supported on FakeOS");
    }

    @Override
    public String scriptExtension(String shell) {
        return ".fsh";
    }

    @Override
    public boolean isAgentAccount(String runAs) {
        return runAs == null || runAs.isEmpty() || runAs.equals("root");
    }

    @Override
    public Optional<String> runAsUnsupported(String runAs) {
        return isAgentAccount(runAs) ? Optional.empty() : Optional.of("run_as " + runAs + " is not supported on FakeOS");
    }
}

package org.infinibay.infiniservice.adapters.posix.shell;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.ShellCommand;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * The POSIX column of the shell table (CONTRACT §10.1, the "Linux" column): bash (sh where bash is
 * missing) by default, sh, zsh and fish when installed, pwsh when installed; cmd is refused. The raw
 * command is one argument of {@code -c}, never re-quoted.
 */
public final class PosixShells implements ShellPlatform {
    private final ExecutableLookup lookup;
    private final String osName;

    /** The Linux table: refusals say "not supported on Linux". */
    public PosixShells(ExecutableLookup lookup) {
        this(lookup, "Linux");
    }

    /** @param osName the guest OS as refusals name it ("shell cmd is not supported on {@code osName}") */
    public PosixShells(ExecutableLookup lookup, String osName) {
        this.lookup = lookup;
        this.osName = osName;
    }

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
        return resolve(shell, true, raw);
    }

    @Override
    public ShellCommand script(String shell, String scriptPath) {
        return resolve(shell, false, scriptPath);
    }

    private ShellCommand resolve(String shell, boolean inline, String arg) {
        String name = ShellPlatform.normalise(shell);
        switch (name) {
            case "BASH":
                return posix("bash", inline, arg);
            case "SH":
                return posix("sh", inline, arg);
            case "ZSH":
            case "FISH": {
                String program = name.toLowerCase(Locale.ROOT);
                return lookup.installed(program) ? posix(program, inline, arg) : notInstalled(program);
            }
            case "POWERSHELL":
            case "PWSH":
                if (!lookup.installed("pwsh")) {
                    return notInstalled("pwsh");
                }
                return ShellCommand.run(List.of("pwsh", "-NoProfile", "-NonInteractive", inline ? "-Command" : "-File",
                        arg));
            case "CMD":
            case "CMD.EXE":
                return ShellCommand.refused(ExitCodes.NOT_SUPPORTED, "shell " + shell.trim() + " is not supported on " + osName);
            default:
                return posix(lookup.installed("bash") ? "bash" : "sh", inline, arg);
        }
    }

    private static ShellCommand posix(String program, boolean inline, String arg) {
        return ShellCommand.run(inline ? List.of(program, "-c", arg) : List.of(program, arg));
    }

    private static ShellCommand notInstalled(String program) {
        return ShellCommand.refused(ExitCodes.NOT_SUPPORTED, "shell " + program + " is not installed");
    }

    @Override
    public String scriptExtension(String shell) {
        String name = ShellPlatform.normalise(shell);
        return name.equals("POWERSHELL") || name.equals("PWSH") ? ".ps1" : ".sh";
    }

    @Override
    public boolean isAgentAccount(String runAs) {
        if (runAs == null || runAs.isEmpty()) {
            return true;
        }
        return runAs.equals("root") || runAs.equalsIgnoreCase("system");
    }

    @Override
    public Optional<String> runAsUnsupported(String runAs) {
        return Optional.empty();
    }
}

package org.infinibay.infiniservice.application.service.unsafe;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.infinibay.infiniservice.application.service.exec.ExecutableLookup;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/** The Linux column of the shell table (CONTRACT §10.1). */
public final class LinuxShells implements ShellPlatform {
    private final ExecutableLookup lookup;

    public LinuxShells(ExecutableLookup lookup) {
        this.lookup = lookup;
    }

    @Override
    public String osName() {
        return "Linux";
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
                return ShellCommand.refused(ExitCodes.NOT_SUPPORTED, "shell " + shell.trim() + " is not supported on Linux");
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

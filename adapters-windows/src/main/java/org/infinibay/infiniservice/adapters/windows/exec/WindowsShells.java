package org.infinibay.infiniservice.adapters.windows.exec;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.infinibay.infiniservice.application.port.out.ShellCommand;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * The Windows column of the shell table (CONTRACT §10.1). {@code cmd.exe} is the default because
 * the host's maintenance commands arrive without {@code shell} as complete
 * {@code powershell -Command "..."} lines.
 *
 * <p>For {@code cmd.exe} the last argv element is {@code "<raw>"} already wrapped in quotes: the
 * Windows launcher must build the command line with {@link #commandLine(List)} (elements joined by
 * one space, nothing added), never with the runtime's own quoting (pitfall P25).
 */
public final class WindowsShells implements ShellPlatform {
    public static final String CMD = "cmd.exe";
    private static final List<String> POWERSHELL_ARGS =
            List.of("-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass");

    /** Whether a program (e.g. {@code pwsh.exe}) is installed. */
    private final Predicate<String> installed;

    public WindowsShells(Predicate<String> installed) {
        this.installed = installed;
    }

    /** The table over the agent's {@code PATH} ({@code Path} as Windows spells it). */
    public static WindowsShells onPath(Supplier<Map<String, String>> environment) {
        return new WindowsShells(program -> onPath(environment.get(), program));
    }

    private static boolean onPath(Map<String, String> env, String program) {
        try {
            if (program.indexOf('\\') >= 0 || program.indexOf('/') >= 0) {
                return Files.isExecutable(Path.of(program));
            }
            String path = env.get("PATH") != null ? env.get("PATH") : env.getOrDefault("Path", "");
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                    return true;
                }
            }
            return false;
        } catch (InvalidPathException e) {
            return false; // a malformed name or PATH entry: not found
        }
    }

    @Override
    public String agentAccount() {
        return "system";
    }

    @Override
    public String noOpCommand() {
        return "rem";
    }

    @Override
    public ShellCommand command(String shell, String raw) {
        String name = ShellPlatform.normalise(shell);
        switch (name) {
            case "POWERSHELL":
            case "PWSH":
                return ShellCommand.run(powershell(name, "-Command", raw));
            case "BASH":
            case "SH":
            case "ZSH":
            case "FISH":
                return unsupported(shell);
            default:
                return ShellCommand.run(List.of(CMD, "/d", "/s", "/c", "\"" + raw + "\""));
        }
    }

    @Override
    public ShellCommand script(String shell, String scriptPath) {
        String name = ShellPlatform.normalise(shell);
        switch (name) {
            case "POWERSHELL":
            case "PWSH":
                return ShellCommand.run(powershell(name, "-File", scriptPath));
            case "BASH":
            case "SH":
            case "ZSH":
            case "FISH":
                return unsupported(shell);
            default:
                return ShellCommand.run(List.of(CMD, "/d", "/c", "\"" + scriptPath + "\""));
        }
    }

    private List<String> powershell(String name, String mode, String arg) {
        // PWSH asks for PowerShell 7 where installed; Windows PowerShell is always there.
        String program = name.equals("PWSH") && installed.test("pwsh.exe") ? "pwsh.exe" : "powershell.exe";
        List<String> argv = new java.util.ArrayList<>();
        argv.add(program);
        argv.addAll(POWERSHELL_ARGS);
        argv.add(mode);
        argv.add(arg);
        return argv;
    }

    private static ShellCommand unsupported(String shell) {
        return ShellCommand.refused(ExitCodes.NOT_SUPPORTED, "shell " + shell.trim() + " is not supported on Windows");
    }

    @Override
    public String scriptExtension(String shell) {
        String name = ShellPlatform.normalise(shell);
        return name.equals("POWERSHELL") || name.equals("PWSH") ? ".ps1" : ".cmd";
    }

    @Override
    public boolean isAgentAccount(String runAs) {
        if (runAs == null || runAs.isEmpty()) {
            return true;
        }
        String n = runAs.toLowerCase(Locale.ROOT);
        return n.equals("system") || n.equals("administrator");
    }

    @Override
    public Optional<String> runAsUnsupported(String runAs) {
        return isAgentAccount(runAs) ? Optional.empty()
                : Optional.of("run_as " + runAs + " is not supported on Windows");
    }

    /**
     * The verbatim Windows command line for an argv from this table: elements joined by single
     * spaces, no quoting added, so {@code cmd.exe /d /s /c "<raw>"} reaches cmd exactly as built.
     */
    public static String commandLine(List<String> argv) {
        return String.join(" ", argv);
    }
}

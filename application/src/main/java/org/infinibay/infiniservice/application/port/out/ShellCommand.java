package org.infinibay.infiniservice.application.port.out;

import java.util.List;

/**
 * What the shell table decided: either the argv to run, or a refusal with its exit code
 * (126: shell not supported or not installed on this OS).
 */
public record ShellCommand(List<String> argv, int refusalCode, String refusal) {
    public ShellCommand {
        argv = argv == null ? List.of() : List.copyOf(argv);
    }

    public static ShellCommand run(List<String> argv) {
        return new ShellCommand(argv, 0, null);
    }

    public static ShellCommand refused(int code, String reason) {
        return new ShellCommand(List.of(), code, reason);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    /** The program name for logs and audit (never its arguments: they hold the command text). */
    public String program() {
        return argv.isEmpty() ? "" : argv.get(0);
    }
}

package org.infinibay.infiniservice.application.port.out;

import java.util.Locale;
import java.util.Optional;

/**
 * The per-OS half of CONTRACT §10.1/§10.2: which shell runs a raw command or a script file (and how
 * the raw text is handed to it), and which {@code run_as} values mean "the agent's own account". Each
 * guest's adapters implement it (the POSIX shells, the Windows shells).
 */
public interface ShellPlatform {

    /** The account the agent runs as, as the guest policy names it ({@code root}, {@code system}). */
    String agentAccount();

    /** A command every usable shell of this table runs without effect ({@code true}, {@code rem}). */
    String noOpCommand();

    /**
     * The argv running {@code raw} as <b>one</b> argument of the shell (never re-quoted).
     *
     * @param shell the wire {@code shell} value, any case; {@code null} when absent
     */
    ShellCommand command(String shell, String raw);

    /** The argv running a script file (§10.1 last bullet): {@code bash <f>}, {@code powershell -File <f>}... */
    ShellCommand script(String shell, String scriptPath);

    /** The file name extension a script for {@code shell} needs ({@code .sh}, {@code .ps1}, {@code .cmd}). */
    String scriptExtension(String shell);

    /** True when {@code runAs} means "as the agent" (absent, empty, root/system...). */
    boolean isAgentAccount(String runAs);

    /** A refusal (code 126) when named accounts cannot be used on this OS at all. */
    Optional<String> runAsUnsupported(String runAs);

    /** The wire shell name normalised for lookup: trimmed, upper case; empty when absent. */
    static String normalise(String shell) {
        return shell == null ? "" : shell.trim().toUpperCase(Locale.ROOT);
    }
}

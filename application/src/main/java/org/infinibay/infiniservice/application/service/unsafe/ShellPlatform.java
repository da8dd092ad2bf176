package org.infinibay.infiniservice.application.service.unsafe;

import java.util.Locale;
import java.util.Optional;

/**
 * The per-OS half of CONTRACT §10.1/§10.2: which shell runs a raw command or a script file, and
 * which {@code run_as} values mean "the agent's own account". Linux and Windows implementations
 * live here (pure Java) so the Windows adapter only has to wire {@link WindowsShells}.
 */
public interface ShellPlatform {

    /** {@code Linux} or {@code Windows}, for messages. */
    String osName();

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

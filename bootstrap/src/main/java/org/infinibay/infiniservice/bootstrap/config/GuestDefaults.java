package org.infinibay.infiniservice.bootstrap.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What the configuration defaults to on one guest OS (CONTRACT §1.6), given by the guest OS chosen
 * at start ({@code GuestSystem}): the state directory, where {@code config.toml} and {@code policy.toml}
 * are looked for, and what an absolute path looks like there.
 *
 * @param absolutePath matches the paths the OS calls absolute ({@code C:\...} or {@code \\...}); {@code null}
 *                     for POSIX ({@link #posix}): a path starting with {@code /}
 */
public record GuestDefaults(String stateDir, Path configFile, Path policyFile, Pattern absolutePath) {

    /**
     * A POSIX guest's defaults: absolute is {@code /...}, what {@code Pattern.compile("/.*", DOTALL)} matched,
     * checked with {@code startsWith} so that a Linux agent compiles no regex at start-up (issue #17).
     */
    public static GuestDefaults posix(String stateDir, Path configFile, Path policyFile) {
        return new GuestDefaults(stateDir, configFile, policyFile, null);
    }

    public boolean isAbsolute(String path) {
        return absolutePath == null ? path.startsWith("/") : absolutePath.matcher(path).matches();
    }
}

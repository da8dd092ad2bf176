package org.infinibay.infiniservice.bootstrap.config;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * What the configuration defaults to on one guest OS (CONTRACT §1.6), given by the guest OS chosen
 * at start ({@code GuestSystem}): the state directory, where {@code config.toml} and {@code policy.toml}
 * are looked for, and what an absolute path looks like there.
 *
 * @param absolutePath matches the paths the OS calls absolute ({@code /...}; {@code C:\...} or {@code \\...})
 */
public record GuestDefaults(String stateDir, Path configFile, Path policyFile, Pattern absolutePath) {

    public boolean isAbsolute(String path) {
        return absolutePath.matcher(path).matches();
    }
}

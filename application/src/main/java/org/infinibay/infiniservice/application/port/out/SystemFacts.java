package org.infinibay.infiniservice.application.port.out;

import java.util.List;

/**
 * Static facts about the guest OS for SystemInfo / OsInfo (CONTRACT §8.5.4) and {@code diagnose}.
 * {@code distribution} (wire {@code linux_distro}) and {@code edition} (wire {@code windows_edition})
 * are {@code null} where the guest has none.
 */
public record SystemFacts(String osType, String version, String architecture, String hostname,
                          String kernelVersion, String distribution, String edition, long uptimeSeconds,
                          List<String> packageManagers, String defaultShell) {
    public SystemFacts {
        packageManagers = List.copyOf(packageManagers);
    }
}

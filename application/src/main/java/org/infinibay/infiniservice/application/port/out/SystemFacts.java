package org.infinibay.infiniservice.application.port.out;

import java.util.List;

/** Static facts about the guest OS for SystemInfo / OsInfo (CONTRACT §8.5.4) and {@code diagnose}. */
public record SystemFacts(String osType, String version, String architecture, String hostname,
                          String kernelVersion, String linuxDistro, String windowsEdition, long uptimeSeconds,
                          List<String> packageManagers, String defaultShell) {
    public SystemFacts {
        packageManagers = List.copyOf(packageManagers);
    }
}

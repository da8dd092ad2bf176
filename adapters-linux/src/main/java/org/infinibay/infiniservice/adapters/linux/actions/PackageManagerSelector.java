package org.infinibay.infiniservice.adapters.linux.actions;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;

/**
 * Picks the first detected manager from a preference-ordered list (apt, dnf before yum, zypper):
 * a new manager is a new class in the list, never an edited switch. With none detected, every
 * operation fails clearly with 127.
 */
public final class PackageManagerSelector {
    private PackageManagerSelector() {
    }

    public static PackageManager select(List<? extends DetectablePackageManager> preferenceOrder) {
        for (DetectablePackageManager m : preferenceOrder) {
            if (m.detected()) {
                return m;
            }
        }
        return new NoPackageManager();
    }

    /** The Linux managers in preference order. */
    public static List<DetectablePackageManager> linuxDefaults(Commands commands) {
        return List.of(new AptPackageManager(commands), new DnfPackageManager(commands),
                new YumPackageManager(commands), new ZypperPackageManager(commands));
    }
}

package org.infinibay.infiniservice.adapters.linux.actions;

import java.util.List;

/** Fedora/RHEL 8+: preferred over yum (pitfall P20). */
public final class DnfPackageManager extends RpmFamilyPackageManager {
    public DnfPackageManager(Commands commands) {
        super(commands, "dnf");
    }

    @Override
    List<String> upgradeAllArgs() {
        return List.of("-y", "upgrade", "--refresh");
    }
}

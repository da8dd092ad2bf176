package org.infinibay.infiniservice.adapters.linux.actions;

import java.util.List;

/** RHEL/CentOS 7 and older: only when dnf is absent. */
public final class YumPackageManager extends RpmFamilyPackageManager {
    public YumPackageManager(Commands commands) {
        super(commands, "yum");
    }

    @Override
    List<String> upgradeAllArgs() {
        return List.of("-y", "update");
    }
}

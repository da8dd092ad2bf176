package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/** A package manager that can tell whether it is the one this system uses. */
public interface DetectablePackageManager extends PackageManager {
    boolean detected();

    /** Every Linux package manager names packages the dpkg/rpm way. */
    @Override
    default ParameterRule nameRule() {
        return LinuxNames.PACKAGE;
    }
}

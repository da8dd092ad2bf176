package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.application.port.out.os.PackageManager;

/** A package manager that can tell whether it is the one this system uses. */
public interface DetectablePackageManager extends PackageManager {
    boolean detected();
}

package org.infinibay.infiniservice.application.port.out.os;

import org.infinibay.infiniservice.application.port.out.Deadline;

/** Mandatory access control status (SELinux, AppArmor). */
public interface SecurityModuleInspector {
    SecurityModuleStatus inspect(Deadline deadline) throws OsOperationException, InterruptedException;
}

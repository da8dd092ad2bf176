package org.infinibay.infiniservice.application.port.out.os;

import org.infinibay.infiniservice.application.port.out.Deadline;

/** Reports the active host firewall. */
public interface FirewallInspector {
    FirewallStatus inspect(Deadline deadline) throws OsOperationException, InterruptedException;
}

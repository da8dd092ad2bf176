package org.infinibay.infiniservice.application.port.out.os;

import org.infinibay.infiniservice.application.port.out.Deadline;

/** Joins the machine to a directory domain; the password travels only on the child's stdin. */
public interface DomainJoiner {
    /** @return output for {@code stdout} (never containing the password) */
    CommandOutput join(DomainJoinRequest request, Deadline deadline) throws OsOperationException, InterruptedException;
}

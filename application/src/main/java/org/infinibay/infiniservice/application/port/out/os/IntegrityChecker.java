package org.infinibay.infiniservice.application.port.out.os;

import org.infinibay.infiniservice.application.port.out.Deadline;

/** Verifies installed system files against the package database. */
public interface IntegrityChecker {
    IntegrityReport check(Deadline deadline) throws InterruptedException;
}

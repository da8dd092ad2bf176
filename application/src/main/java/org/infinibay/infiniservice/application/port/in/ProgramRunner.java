package org.infinibay.infiniservice.application.port.in;

import java.util.Set;

/**
 * The one execution engine (CONTRACT §10.2): every unsafe command, script and program-spawning
 * safe action runs through it, with a deadline, concurrent capped output and a sanitised
 * environment.
 */
public interface ProgramRunner {
    ExecResult run(ExecRequest request) throws InterruptedException;

    /**
     * Stops whatever an earlier agent process left running (it died while its programs ran: they
     * were recorded, each in its container) and forgets the records. Call once at start, before
     * anything new runs.
     *
     * @return the run ids ({@link ExecRequest#runId()}) of the programs that still had a live
     *         process and were killed
     */
    default Set<String> recoverLeftovers() {
        return Set.of();
    }
}

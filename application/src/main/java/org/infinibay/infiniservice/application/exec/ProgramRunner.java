package org.infinibay.infiniservice.application.exec;

/**
 * The one execution engine (CONTRACT §10.2): every unsafe command, script and program-spawning
 * safe action runs through it, with a deadline, concurrent capped output and a sanitised
 * environment.
 */
public interface ProgramRunner {
    ExecResult run(ExecRequest request) throws InterruptedException;
}

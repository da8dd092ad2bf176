package org.infinibay.infiniservice.application.port.out.os;

import java.time.Duration;
import java.util.Optional;

/** Signals processes (ProcessKill, §8.5.3). */
public interface ProcessControl {

    /** Identity of a live process, used to refuse protected ones; empty when it does not exist. */
    Optional<ProcessIdentity> identify(long pid);

    /**
     * Sends a graceful stop (SIGTERM / taskkill) or, with {@code force}, a kill (SIGKILL /
     * TerminateProcess), then waits up to {@code wait} for the process to disappear.
     *
     * @return whether the process is gone
     */
    boolean signal(long pid, boolean force, Duration wait) throws OsOperationException, InterruptedException;

    /** @param kernelThread Linux kernel thread (kthreadd or its children) */
    record ProcessIdentity(long pid, long ppid, String name, boolean kernelThread) {
    }
}

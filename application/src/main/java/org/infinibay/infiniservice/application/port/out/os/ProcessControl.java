package org.infinibay.infiniservice.application.port.out.os;

import java.time.Duration;
import java.util.Optional;

/** Signals processes (ProcessKill, §8.5.3). */
public interface ProcessControl {

    /**
     * Identity of a live task, used to refuse protected ones; empty when it does not exist. On Linux
     * the id may name a thread (thread ids and process ids share one number space and a thread's
     * {@code /proc/<tid>} is readable): {@link ProcessIdentity#isThread()} tells, and
     * {@link ProcessIdentity#tgid()} names the process it belongs to.
     */
    Optional<ProcessIdentity> identify(long pid);

    /**
     * Ids the OS keeps for itself (e.g. the idle task and init): never a ProcessKill target, not even
     * with {@code force}, and refused before anything is looked up.
     */
    boolean reservedPid(long pid);

    /**
     * Processes the guest cannot lose (its init, session and security managers, kernel threads):
     * ProcessKill refuses them unless {@code force} is given.
     */
    boolean isProtected(ProcessIdentity process);

    /**
     * The name of the process {@code pid} belongs to: for a thread id, its process's name, so a rule
     * about processes cannot be side-stepped with the id of one of its threads.
     */
    default Optional<String> processName(long pid) {
        Optional<ProcessIdentity> id = identify(pid);
        if (id.isPresent() && id.get().isThread()) {
            id = identify(id.get().tgid());
        }
        return id.isPresent() ? Optional.of(id.get().name()) : Optional.empty(); // no Optional.map lambda
    }

    /**
     * Sends a graceful stop (SIGTERM / taskkill) or, with {@code force}, a kill (SIGKILL /
     * TerminateProcess), then waits up to {@code wait} for the process to disappear.
     *
     * @return whether the process is gone
     */
    boolean signal(long pid, boolean force, Duration wait) throws OsOperationException, InterruptedException;

    /**
     * As {@link #signal(long, boolean, Duration)}, but only to the very process {@code target}
     * describes: an implementation that can tell a re-used id (Linux: start time) refuses when the id
     * now names another process or a thread. The default trusts the id.
     */
    default boolean signal(ProcessIdentity target, boolean force, Duration wait)
            throws OsOperationException, InterruptedException {
        return signal(target.pid(), force, wait);
    }

    /**
     * @param kernelThread Linux kernel thread (kthreadd or its children)
     * @param tgid         the process (thread group) the task belongs to; equal to {@code pid} for a process
     * @param startTime    when the task started, in the platform's own unit (Linux: clock ticks since
     *                     boot); 0 when unknown. Identifies the task across id re-use.
     */
    record ProcessIdentity(long pid, long ppid, String name, boolean kernelThread, long tgid, long startTime) {

        /** A process (never a thread) whose start time is unknown. */
        public ProcessIdentity(long pid, long ppid, String name, boolean kernelThread) {
            this(pid, ppid, name, kernelThread, pid, 0);
        }

        /** The id names a thread of process {@link #tgid}, not a process. */
        public boolean isThread() {
            return tgid != pid;
        }
    }
}

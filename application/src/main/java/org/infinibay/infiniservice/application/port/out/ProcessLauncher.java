package org.infinibay.infiniservice.application.port.out;

import java.io.IOException;

/**
 * Starts a program so that its whole process tree can be stopped later, however its descendants
 * re-parent (Linux: a cgroup per run, else its own session and process group; Windows: a Job object
 * with kill-on-close). The execution engine in the application drives it; only platform adapters
 * implement it.
 */
public interface ProcessLauncher {

    /**
     * @throws IOException when the program cannot be started (not found, not executable, bad user)
     */
    LaunchedProcess launch(LaunchSpec spec) throws IOException;

    /** How descendants are held together, for {@code diagnose} and the log (e.g. "cgroup2, cgroup.kill"). */
    default String containment() {
        return "process tree";
    }

    /**
     * Stops what is left in a container an earlier agent process recorded ({@link LaunchSpec#onContained})
     * and died without cleaning up. Only processes that provably belong to it are touched (members of
     * that cgroup; never a pid that was recycled).
     *
     * @return true when something was still running there (and was killed)
     */
    default boolean stopLeftover(String container) {
        return false;
    }
}

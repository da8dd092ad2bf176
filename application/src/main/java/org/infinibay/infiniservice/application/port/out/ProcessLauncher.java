package org.infinibay.infiniservice.application.port.out;

import java.io.IOException;

/**
 * Starts a program so that its whole process tree can be stopped later (Linux: its own session and
 * process group; Windows: a Job object with kill-on-close). The execution engine in the application
 * drives it; only platform adapters implement it.
 */
public interface ProcessLauncher {

    /**
     * @throws IOException when the program cannot be started (not found, not executable, bad user)
     */
    LaunchedProcess launch(LaunchSpec spec) throws IOException;
}

package org.infinibay.infiniservice.adapters.linux.self;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The agent's own pid from the {@code /proc/self} link. {@code ProcessHandle.current()} gives the same
 * number, but its class starts the JDK's process reaper machinery (executors, {@code VarHandle}s: ~30
 * classes) in a process that may never start a program (docs/performance.md, round 5).
 */
public final class ProcSelf {
    private static final long PID = pidOf(Path.of("/proc/self"));

    private ProcSelf() {
    }

    /** This process's id. */
    public static long pid() {
        return PID;
    }

    /** The pid {@code link} (a procfs {@code self} link) points at; the JDK's answer if it cannot be read. */
    static long pidOf(Path link) {
        try {
            String target = Files.readSymbolicLink(link).toString();
            long pid = Long.parseLong(target);
            if (pid > 0) {
                return pid;
            }
        } catch (IOException | RuntimeException e) {
            // not procfs (a chroot without /proc): fall through
        }
        return ProcessHandle.current().pid();
    }
}

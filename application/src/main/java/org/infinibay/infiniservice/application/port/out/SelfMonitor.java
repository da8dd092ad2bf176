package org.infinibay.infiniservice.application.port.out;

/** Reads the agent's own resource use; cheap enough to call every few seconds. Never throws. */
public interface SelfMonitor {
    SelfSample sample();

    /** The agent's process id (a platform reads it where it costs least; Linux: {@code /proc/self}). */
    default long pid() {
        return ProcessHandle.current().pid();
    }
}

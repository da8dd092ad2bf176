package org.infinibay.infiniservice.domain.metrics;

/** The status vocabulary of CONTRACT §7.5. */
public enum ProcessStatus {
    RUNNING("Running"), SLEEPING("Sleeping"), DISK_SLEEP("Disk Sleep"), IDLE("Idle"), STOPPED("Stopped"),
    ZOMBIE("Zombie"), DEAD("Dead"), UNKNOWN("Unknown");

    private final String wire;

    ProcessStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    /** Linux {@code /proc/<pid>/stat} state letter. */
    public static ProcessStatus fromLinuxState(char c) {
        switch (c) {
            case 'R': return RUNNING;
            case 'S': return SLEEPING;
            case 'D': return DISK_SLEEP;
            case 'I': return IDLE;
            case 'T': case 't': return STOPPED;
            case 'Z': return ZOMBIE;
            case 'X': case 'x': return DEAD;
            default: return UNKNOWN;
        }
    }
}

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
}

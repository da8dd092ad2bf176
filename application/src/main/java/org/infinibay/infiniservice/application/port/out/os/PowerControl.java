package org.infinibay.infiniservice.application.port.out.os;

/** Reboots or powers off the guest. Called only after the acknowledging reply was written. */
public interface PowerControl {

    /** Why a reboot/power-off cannot be scheduled here (e.g. no systemd), or {@code null} when it can. */
    default String unavailableReason() {
        return null;
    }

    void reboot(boolean force) throws OsOperationException, InterruptedException;

    void powerOff() throws OsOperationException, InterruptedException;
}

package org.infinibay.infiniservice.application.port.out.os;

/** Reboots or powers off the guest. Called only after the acknowledging reply was written. */
public interface PowerControl {
    void reboot(boolean force) throws OsOperationException, InterruptedException;

    void powerOff() throws OsOperationException, InterruptedException;
}

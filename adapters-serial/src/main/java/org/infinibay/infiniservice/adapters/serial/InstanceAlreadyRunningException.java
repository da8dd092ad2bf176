package org.infinibay.infiniservice.adapters.serial;

/** Another agent instance holds the instance lock (CONTRACT §1.5): this one must not start. */
public class InstanceAlreadyRunningException extends Exception {
    private static final long serialVersionUID = 1L;

    public InstanceAlreadyRunningException(String message) {
        super(message);
    }
}

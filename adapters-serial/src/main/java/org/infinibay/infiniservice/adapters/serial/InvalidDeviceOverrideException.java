package org.infinibay.infiniservice.adapters.serial;

/** The {@code --device} / {@code INFINISERVICE_DEVICE} value cannot name a host channel. */
public class InvalidDeviceOverrideException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidDeviceOverrideException(String message) {
        super(message);
    }
}

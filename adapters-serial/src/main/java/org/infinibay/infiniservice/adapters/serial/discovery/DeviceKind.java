package org.infinibay.infiniservice.adapters.serial.discovery;

/** What kind of host channel a discovered path is. */
public enum DeviceKind {
    /** A virtio-serial character device (production). */
    VIRTIO_PORT,
    /** A Unix-domain stream socket played by a test harness ({@code unix:<path>}, §1.4). */
    UNIX_SOCKET
}

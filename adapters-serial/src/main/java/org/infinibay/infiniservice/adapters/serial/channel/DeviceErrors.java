package org.infinibay.infiniservice.adapters.serial.channel;

import java.io.IOException;
import java.util.List;

/**
 * Recognises the device-level errors of CONTRACT §3.6 from the JDK's exception text (the JDK
 * reports errno only as {@code strerror} text): ENODEV, ENXIO, EIO, EBADF.
 */
final class DeviceErrors {
    private static final List<String> DEVICE_LEVEL = List.of(
            "No such device",          // ENODEV, and ENXIO's "No such device or address"
            "Input/output error",      // EIO
            "Bad file descriptor");    // EBADF

    private DeviceErrors() {
    }

    static boolean isDeviceLevel(IOException e) {
        String message = e.getMessage();
        if (message == null) {
            return false;
        }
        for (String marker : DEVICE_LEVEL) {
            if (message.contains(marker)) {
                return true;
            }
        }
        return false;
    }
}

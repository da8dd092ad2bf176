package org.infinibay.infiniservice.adapters.serial.channel;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the port to open. Asked again before every (re)open, because a re-plugged port may come
 * back under another {@code /dev/vportNpM} name.
 */
@FunctionalInterface
public interface DeviceLocator {

    /** The device to open now, or empty when none is present (the caller waits and retries). */
    Optional<Path> locate();
}

package org.infinibay.infiniservice.adapters.serial.channel;

import java.io.IOException;

/** What the device reader hands to the receive loop. */
sealed interface ReadEvent {

    record Data(byte[] bytes) implements ReadEvent {
    }

    /** {@code read()} returned end-of-file: on a virtio port, "no host right now" (§3.2). */
    enum EndOfFile implements ReadEvent {
        INSTANCE
    }

    record Failed(IOException error) implements ReadEvent {
    }
}

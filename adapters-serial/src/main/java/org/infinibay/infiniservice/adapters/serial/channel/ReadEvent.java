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

    /**
     * A read is about to start after end-of-file (or the first read), so the receive loop can time
     * the 250 ms attach mark without waking every 250 ms while the reader sleeps; also used to wake
     * the loop on close.
     */
    enum ReadStarted implements ReadEvent {
        INSTANCE
    }
}

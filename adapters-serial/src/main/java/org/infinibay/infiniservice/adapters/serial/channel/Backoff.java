package org.infinibay.infiniservice.adapters.serial.channel;

import java.time.Duration;

/** A doubling delay with a cap. Not thread-safe: each loop owns its own instance. */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    /** The delay to wait now; the following call returns twice as much, up to the cap. */
    long nextMillis() {
        long current = nextMillis;
        nextMillis = Math.min(maxMillis, current * 2);
        return current;
    }

    void reset() {
        nextMillis = initialMillis;
    }
}

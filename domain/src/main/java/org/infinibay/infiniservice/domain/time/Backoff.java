package org.infinibay.infiniservice.domain.time;

import java.time.Duration;

/**
 * A doubling delay with a cap: the device reopen timer of CONTRACT §3.6 ({@link #reopen()}: 1 s,
 * doubling, capped at 30 s, reset after a successful open) and the shorter retry loops of §3.4.
 * Not thread-safe: each loop owns its own instance.
 */
public final class Backoff {
    /** §3.6: the first reopen attempt after a device-level error. */
    public static final Duration REOPEN_INITIAL = Duration.ofSeconds(1);
    /** §3.6: the longest wait between reopen attempts. */
    public static final Duration REOPEN_MAX = Duration.ofSeconds(30);

    private final long initialMillis;
    private final long maxMillis;
    private long nextMillis;

    public Backoff(Duration initial, Duration max) {
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = initialMillis;
    }

    /** The §3.6 device reopen timer. */
    public static Backoff reopen() {
        return new Backoff(REOPEN_INITIAL, REOPEN_MAX);
    }

    /** The delay to wait now; the following call returns twice as much, up to the cap. */
    public long nextMillis() {
        long current = nextMillis;
        nextMillis = Math.min(maxMillis, current * 2);
        return current;
    }

    /** Back to the initial delay (after a successful open). */
    public void reset() {
        nextMillis = initialMillis;
    }
}

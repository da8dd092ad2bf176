package org.infinibay.infiniservice.application.port.out;

import java.time.Duration;

/** A point on the monotonic clock after which work is abandoned (CONTRACT §8.3). */
public record Deadline(long atNanos, long seconds) {

    /** The execution deadline for a wire timeout: {@code max(1, timeout - 2)} seconds. */
    public static Deadline forWireTimeout(long nowNanos, long timeoutSeconds) {
        long s = Math.max(1, timeoutSeconds - 2);
        return new Deadline(nowNanos + Duration.ofSeconds(s).toNanos(), s);
    }

    public long remainingNanos(long nowNanos) {
        return Math.max(0, atNanos - nowNanos);
    }

    public boolean passed(long nowNanos) {
        return nowNanos - atNanos >= 0;
    }
}

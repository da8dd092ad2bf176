package org.infinibay.infiniservice.application.port.out;

import java.util.concurrent.TimeUnit;

/**
 * Rate limit for a log line that input can repeat without bound (rejected envelopes, discarded
 * lines, a failing listener): the first occurrence is reported, then at most one per window, each
 * report carrying how many occurrences it folds in, like the rejection events of CONTRACT §4.7.
 * Thread-safe; allocation-free.
 */
public final class LogWindow {
    public static final long DEFAULT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final long windowNanos;
    private boolean reported;
    private long reportedAt;
    private long suppressed;

    public LogWindow() {
        this(DEFAULT_WINDOW_NANOS);
    }

    public LogWindow(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    /**
     * Records one occurrence.
     *
     * @return -1 to stay quiet (it is counted); otherwise report now: the number of occurrences
     *         suppressed since the previous report
     */
    public synchronized long occurred(long nowNanos) {
        if (reported && nowNanos - reportedAt < windowNanos) {
            suppressed++;
            return -1;
        }
        long folded = suppressed;
        suppressed = 0;
        reported = true;
        reportedAt = nowNanos;
        return folded;
    }

    /**
     * Logs {@code message} with {@code error} for this occurrence if the window allows it, adding
     * how many occurrences the line folds in. Never throws: when even logging fails (out of memory)
     * the occurrence is only counted.
     */
    public void log(System.Logger logger, System.Logger.Level level, String message, Throwable error) {
        try {
            long folded = occurred(System.nanoTime());
            if (folded >= 0) {
                logger.log(level, message + " (" + folded + " more since the previous report)", error);
            }
        } catch (Throwable ignored) { // logging may fail as well (out of memory); the caller goes on
        }
    }
}

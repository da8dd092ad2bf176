package org.infinibay.infiniservice.application.service.scripts;

import java.time.Duration;
import java.util.List;

/**
 * How {@code request_pending_scripts} is retried (CONTRACT §10.4): each request waits
 * {@code responseWait} for an answer; without one the next request goes out after the next backoff.
 */
public record RetryPolicy(Duration responseWait, List<Duration> backoffs) {
    /** 10 s wait, retries after 2 s and 4 s: three requests in all. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(10),
            List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)));

    public RetryPolicy {
        backoffs = List.copyOf(backoffs);
    }
}

package org.infinibay.infiniservice.domain.message;

/** What the outbound queue does with a line while detached or full (CONTRACT §3.5). */
public enum QueuePolicy {
    /** Only the newest line of the type is kept. */
    LATEST_ONLY,
    /** Kept for at most 60 s, then dropped: the host has already failed the command. */
    EXPIRES,
    /** Retained (bounded) until written after the next attach; never re-sent once written. */
    RETAINED,
    /** Dropped while detached; it is re-sent on attach anyway. */
    DROP_WHILE_DETACHED
}

package org.infinibay.infiniservice.application.port.out.os;

/** One cleanup target's result (§8.5.9); {@code error} is {@code null} on success. */
public record CleanupOutcome(String target, boolean success, long bytesFreed, long filesDeleted, String error) {
}

package org.infinibay.infiniservice.application.port.out.os;

/**
 * One detected threat (§8.5.6 {@code recent_threats}). {@code status} is a name
 * ({@code Quarantined}, {@code Removed}, {@code Allowed}, {@code Cleaned}, {@code Active}, ...);
 * {@code detectedMillis} is {@code null} when unknown.
 */
public record ThreatRecord(String threatId, String threatName, int severityId, String status, Long detectedMillis) {

    /** The threat is no longer able to act: quarantined, removed or cleaned. */
    public boolean contained() {
        return status != null && status.matches("(?i)quarantined|removed|cleaned|blocked");
    }
}

package org.infinibay.infiniservice.application.port.out;

/**
 * Where every executed (or refused) unsafe command and script leaves one record. A record never
 * carries the command text, script content or environment values (CONTRACT §10.2, pitfall P5):
 * only who ran what program, for how long, with which outcome and a digest of the output.
 */
public interface AuditTrail {

    /** Must not throw: auditing never changes an execution's outcome; failures are logged. */
    void record(AuditRecord record);
}

package org.infinibay.infiniservice.domain.auth;

/** Why an inbound envelope was refused, in the order the checks run (CONTRACT §4.4). */
public enum RejectReason {
    NoSecret,
    Malformed,
    UnsupportedVersion,
    BadSignatureEncoding,
    BadSignature,
    Stale,
    Replay,
    PayloadInvalid
}

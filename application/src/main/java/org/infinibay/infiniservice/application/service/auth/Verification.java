package org.infinibay.infiniservice.application.service.auth;

import org.infinibay.infiniservice.domain.auth.RejectReason;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** The outcome of verifying one inbound line (CONTRACT §4.4). */
public sealed interface Verification {

    /** All checks passed; {@code payload} is the parsed inner message. */
    record Accepted(JsonObject payload) implements Verification {
    }

    /** The first failed check; nothing may be executed or answered. */
    record Rejected(RejectReason reason) implements Verification {
    }
}

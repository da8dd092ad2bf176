package org.infinibay.infiniservice.application.service.command;

import java.util.Optional;

/**
 * Whether a new command may be queued at all (self-protection): when refused, the command gets a
 * prompt {@code success:false} with the reason instead of waiting in an ever longer backlog.
 */
public interface CommandAdmission {

    /** The refusal reason ({@code agent busy: ...}), or empty to admit. Called on the reader thread: cheap. */
    Optional<String> refusal();
}

package org.infinibay.infiniservice.application.service.actions;

import org.infinibay.infiniservice.domain.command.ActionResult;

/** A parameter failed validation (CONTRACT §8.2): answered with exit code 2 before anything runs. */
final class InvalidParameterException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String parameter;
    private final String reason;

    InvalidParameterException(String parameter, String reason) {
        super("invalid " + parameter + ": " + reason, null, false, false);
        this.parameter = parameter;
        this.reason = reason;
    }

    ActionResult toResult() {
        return ActionResult.invalid(parameter, reason);
    }
}

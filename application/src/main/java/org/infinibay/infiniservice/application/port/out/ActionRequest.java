package org.infinibay.infiniservice.application.port.out;

import org.infinibay.infiniservice.domain.command.ActionParameters;

/**
 * One verified safe command: its id, the action name as received, the parameters (§8.1 lookup)
 * and the execution deadline on the monotonic clock.
 */
public record ActionRequest(String commandId, String action, ActionParameters parameters, Deadline deadline) {
}

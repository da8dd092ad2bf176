package org.infinibay.infiniservice.application.service.command;

import java.util.Set;
import org.infinibay.infiniservice.domain.command.ActionResult;

/**
 * Executes one or more structured actions of CONTRACT §8.4. The core's handlers
 * ({@code service.actions}) implement it over the guest's ports; the dispatcher finds them by action
 * name, so a new action is a new class. Not a port: no adapter implements or calls it.
 */
public interface SafeActionExecutor {

    /** The exact (PascalCase) action names this executor handles. */
    Set<String> actions();

    /**
     * Runs the action. Implementations validate every parameter before running anything, check
     * {@link ActionRequest#deadline()} and react to interruption (the deadline was reached).
     */
    ActionResult execute(ActionRequest request) throws InterruptedException;
}

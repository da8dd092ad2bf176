package org.infinibay.infiniservice.application.service;

import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.message.InboundMessage;

/**
 * Runs a raw command (CONTRACT §10.1-§10.3). The dispatcher turns the result into the response
 * ({@code command_type:"unsafe"}, {@code data:null}); the handler fills exit code, output and error.
 */
public interface UnsafeCommandHandler {
    ActionResult execute(InboundMessage.UnsafeCommand command, Deadline deadline) throws InterruptedException;
}

package org.infinibay.infiniservice.application.service.command;

import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.domain.command.ActionParameters;

/**
 * One verified safe command: its id, the action name as received, the parameters (§8.1 lookup),
 * the execution deadline on the monotonic clock, and a way to wait until the reply has been written
 * (actions that acknowledge first, such as RebootSystem, act only after that, §8.5.13).
 */
public record ActionRequest(String commandId, String action, ActionParameters parameters, Deadline deadline,
                            ReplyWritten replyWritten) {

    /** Completes when the command's {@code response} line has been written to the host. */
    public interface ReplyWritten {
        /** @return true when the reply was written within the timeout */
        boolean await(long timeout, TimeUnit unit) throws InterruptedException;
    }
}

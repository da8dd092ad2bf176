package org.infinibay.infiniservice.application.service.actions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * Runs a power action after the acknowledging reply was written (CONTRACT §8.5.12, §8.5.13): waits
 * for {@link ActionRequest.ReplyWritten} (at most 10 s), then {@code delay}, then the task, on its
 * own daemon thread so the worker is free to answer.
 */
final class AfterReply {
    static final Duration REPLY_WAIT = Duration.ofSeconds(10);
    private static final System.Logger LOG = Logs.get(AfterReply.class);

    interface Task {
        void run() throws Exception;
    }

    private AfterReply() {
    }

    static Thread schedule(ActionRequest request, Duration delay, String what, Task task) {
        Thread t = new Thread(() -> {
            try {
                boolean written = request.replyWritten() == null
                        || request.replyWritten().await(REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                if (!written) {
                    LOG.log(System.Logger.Level.WARNING, "{0}: reply not confirmed within 10 s; proceeding", what);
                }
                Thread.sleep(delay.toMillis());
                LOG.log(System.Logger.Level.INFO, "{0} now (command {1})", what, request.commandId());
                task.run();
            } catch (InterruptedException e) {
                LOG.log(System.Logger.Level.WARNING, "{0} cancelled", what);
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.ERROR, "{0} failed: {1}", what, e.getMessage());
            }
        }, "after-reply-" + what);
        t.setDaemon(true);
        t.start();
        return t;
    }
}

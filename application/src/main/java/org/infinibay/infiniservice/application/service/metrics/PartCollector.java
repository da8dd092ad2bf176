package org.infinibay.infiniservice.application.service.metrics;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.infinibay.infiniservice.application.service.DaemonThreads;

/**
 * The collect thread ({@code infiniservice-collect}): runs the metrics cycle's parts, then
 * serialises and queues the line. It may hang in a collector (a hung NFS mount, a stuck
 * {@code /proc} read); the cycle's deadline check then {@linkplain #abandonThread abandons} it (CONTRACT
 * §7.9: a collector that exceeds 10 s is abandoned for that cycle) and the next task gets a fresh
 * thread. An abandoned thread ends when its collector returns.
 */
final class PartCollector {
    private final Supplier<ExecutorService> executorFactory;
    private ExecutorService executor;
    private boolean shutDown;

    PartCollector() {
        this(null);
    }

    /** @param executorFactory makes each collect thread's executor; {@code null}: a daemon {@code infiniservice-collect} */
    PartCollector(Supplier<ExecutorService> executorFactory) {
        this.executorFactory = executorFactory;
    }

    /** Runs {@code task} on the collect thread (after what it is running now). */
    synchronized void execute(Runnable task) {
        if (shutDown) {
            throw new RejectedExecutionException("metrics collection stopped");
        }
        if (executor == null) {
            executor = executorFactory == null
                    ? Executors.newSingleThreadExecutor(DaemonThreads.named("infiniservice-collect"))
                    : executorFactory.get();
        }
        executor.execute(task);
    }

    /** Leaves the current thread to its hung collector (interrupting it); the next task gets a new one. */
    synchronized void abandonThread() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    synchronized void shutdown() {
        shutDown = true;
        abandonThread();
    }
}

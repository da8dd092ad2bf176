package org.infinibay.infiniservice.application.service.metrics;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * The collect thread ({@code infiniservice-collect}): runs the metrics cycle's parts, then
 * serialises and queues the line. It may hang in a collector (a hung NFS mount, a stuck
 * {@code /proc} read); the cycle's deadline check then {@linkplain #abandonThread abandons} it (CONTRACT
 * §7.9: a collector that exceeds 10 s is abandoned for that cycle) and the next task gets a fresh
 * thread. An abandoned thread ends when its collector returns.
 */
final class PartCollector implements ThreadFactory {
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
            // no lambda for the default factory: it would load the lambda machinery at start-up
            executor = executorFactory == null ? Executors.newSingleThreadExecutor(this) : executorFactory.get();
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

    /** The collect thread. */
    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, "infiniservice-collect");
        t.setDaemon(true);
        return t;
    }

    synchronized void shutdown() {
        shutDown = true;
        abandonThread();
    }
}

package org.infinibay.infiniservice.application.service.metrics;

import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs one part of a collection with a time limit (CONTRACT §7.9: a collector that exceeds 10 s is
 * abandoned for that cycle and the last good value is sent). A part still stuck from an earlier
 * cycle is not started again; its thread is abandoned and a fresh one serves the other parts.
 */
final class PartCollector {
    private static final System.Logger LOG = System.getLogger(PartCollector.class.getName());

    private final long timeoutMs;
    private final Supplier<ExecutorService> executorFactory;
    private ExecutorService executor;
    private Future<?> stuck;

    PartCollector(long timeoutMs) {
        this(timeoutMs, () -> Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "infiniservice-collect");
            t.setDaemon(true);
            return t;
        }));
    }

    PartCollector(long timeoutMs, Supplier<ExecutorService> executorFactory) {
        this.timeoutMs = timeoutMs;
        this.executorFactory = executorFactory;
    }

    /** The part's value, or {@code lastGood} when it failed or exceeded the limit. */
    synchronized <T> T collect(String part, Callable<T> work, T lastGood) {
        if (stuck != null) {
            if (!stuck.isDone()) {
                LOG.log(Level.WARNING, "a metrics part is still stuck; using a new collector thread");
                executor.shutdownNow();
                executor = null;
            }
            stuck = null;
        }
        if (executor == null) {
            executor = executorFactory.get();
        }
        Future<T> f = executor.submit(work);
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.log(Level.WARNING, "metrics part {0} exceeded {1} ms; sending its last good value", part, timeoutMs);
            f.cancel(true);
            stuck = f;
            return lastGood;
        } catch (ExecutionException e) {
            LOG.log(Level.WARNING, "metrics part " + part + " failed; sending its last good value", e.getCause());
            return lastGood;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            return lastGood;
        }
    }

    synchronized void shutdown() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}

package org.infinibay.infiniservice.core;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/** A worker pool that only records ("worker task") that a command was handed to it; nothing runs. */
final class RecordingWorkers extends AbstractExecutorService {
    private final List<String> trace;

    RecordingWorkers(List<String> trace) {
        this.trace = trace;
    }

    @Override
    public void execute(Runnable command) {
        trace.add("worker task");
    }

    @Override
    public void shutdown() {
    }

    @Override
    public List<Runnable> shutdownNow() {
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return false;
    }

    @Override
    public boolean isTerminated() {
        return false;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}

package org.infinibay.infiniservice.application.service;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon threads of the agent's executors: each named {@code name}, or {@code prefix-<n>}. One
 * named class for every executor, not a lambda each: a lambda's first run loads the lambda machinery
 * for the agent's life (docs/performance.md, round 5).
 */
public final class DaemonThreads implements ThreadFactory {
    private final String name;
    /** Numbers the threads when not null. */
    private final AtomicInteger counter;

    private DaemonThreads(String name, AtomicInteger counter) {
        this.name = name;
        this.counter = counter;
    }

    /** Every thread is named {@code name}. */
    public static DaemonThreads named(String name) {
        return new DaemonThreads(name, null);
    }

    /** The threads are named {@code prefix-1}, {@code prefix-2}, ... */
    public static DaemonThreads numbered(String prefix) {
        return new DaemonThreads(prefix, new AtomicInteger());
    }

    @Override
    public Thread newThread(Runnable r) {
        Thread t = new Thread(r, counter == null ? name : name + "-" + counter.incrementAndGet());
        t.setDaemon(true);
        return t;
    }
}

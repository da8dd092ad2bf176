package org.infinibay.infiniservice.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** A timer that only records what is scheduled with a delay; the test runs the tasks itself. */
final class CapturingTimer extends ScheduledThreadPoolExecutor {
    record Scheduled(Runnable task, long delayMillis) {
    }

    final List<Scheduled> scheduled = new ArrayList<>();

    CapturingTimer() {
        super(1);
    }

    @Override
    public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        scheduled.add(new Scheduled(command, unit.toMillis(delay)));
        return null;
    }

    /** Runs and forgets what was scheduled so far; returns how many tasks ran. */
    int runScheduled() {
        List<Scheduled> due;
        synchronized (this) {
            due = new ArrayList<>(scheduled);
            scheduled.clear();
        }
        due.forEach(s -> s.task().run());
        return due.size();
    }

    synchronized int pending() {
        return scheduled.size();
    }
}

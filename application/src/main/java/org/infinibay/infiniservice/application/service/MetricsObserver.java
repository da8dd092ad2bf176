package org.infinibay.infiniservice.application.service;

import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;

/** Told about every completed collection (e.g. to retain samples for CheckResourceOptimization). */
public interface MetricsObserver {
    void onSnapshot(MetricsSnapshot snapshot, long epochMillis);

    /** The agent is stopping: persist what must survive the restart. */
    default void onShutdown() {
    }
}

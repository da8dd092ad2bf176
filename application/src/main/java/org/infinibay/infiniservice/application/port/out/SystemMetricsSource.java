package org.infinibay.infiniservice.application.port.out;

import org.infinibay.infiniservice.domain.metrics.SystemMetrics;

/**
 * CPU, memory, disks, network, uptime and load. Rates and percentages cover the interval since the
 * previous call; the first call after {@link #prime()} covers the time since priming.
 */
public interface SystemMetricsSource {

    /** Takes the reference sample for the first interval (CONTRACT §7.9). */
    void prime();

    SystemMetrics sample();
}

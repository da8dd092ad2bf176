package org.infinibay.infiniservice.domain.metrics;

import java.util.List;
import org.infinibay.infiniservice.domain.json.JsonArray;

/**
 * One collection cycle. Optional collections are {@code null} when this platform or cycle did not
 * collect them (they are then left out of the message, which the contract allows).
 */
public record MetricsSnapshot(SystemMetrics system, List<ProcessMetric> processes, List<PortMetric> ports,
                              JsonArray applications, JsonArray windowsServices) {
    public static MetricsSnapshot of(SystemMetrics system) {
        return new MetricsSnapshot(system, null, null, null, null);
    }
}

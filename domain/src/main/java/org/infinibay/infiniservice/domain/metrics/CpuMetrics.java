package org.infinibay.infiniservice.domain.metrics;

import java.util.List;

/** CPU use over the last interval, in percent; temperature in °C or {@code null} (CONTRACT §7.3). */
public record CpuMetrics(double usagePercent, List<Double> coresUsage, Double temperature) {
    public CpuMetrics {
        coresUsage = List.copyOf(coresUsage);
        if (temperature != null && (!Double.isFinite(temperature) || temperature <= 0 || temperature > 150)) {
            temperature = null; // only 0-150 °C is plausible
        }
    }
}

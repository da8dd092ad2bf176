package org.infinibay.infiniservice.application.port.out;

import java.util.List;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;

/**
 * Installed applications with usage tracked from process samples (CONTRACT §7.8), as wire items.
 * Returns {@code null} when nothing is due this cycle (change-only, at most every 5 minutes).
 */
public interface ApplicationSource {
    JsonArray applications(List<ProcessMetric> processes, long epochMillis);
}

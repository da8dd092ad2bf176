package org.infinibay.infiniservice.domain.metrics;

/**
 * How much a metrics message is shrunk to meet the size budget, in the order of CONTRACT §2.3:
 * applications, service descriptions, process command lines, number of processes, number of ports.
 */
public record MetricsTrim(boolean dropApplications, boolean dropServiceDescriptions, boolean dropCommandLines,
                          int maxProcesses, int maxPorts) {
    public static final int MAX_ITEMS = 1000;
    public static final MetricsTrim NONE = new MetricsTrim(false, false, false, MAX_ITEMS, MAX_ITEMS);

    /** The next, smaller step; {@code null} when nothing is left to trim. */
    public MetricsTrim next() {
        if (!dropApplications) {
            return new MetricsTrim(true, false, false, maxProcesses, maxPorts);
        }
        if (!dropServiceDescriptions) {
            return new MetricsTrim(true, true, false, maxProcesses, maxPorts);
        }
        if (!dropCommandLines) {
            return new MetricsTrim(true, true, true, maxProcesses, maxPorts);
        }
        if (maxProcesses > 0) {
            return new MetricsTrim(true, true, true, maxProcesses / 2, maxPorts);
        }
        if (maxPorts > 0) {
            return new MetricsTrim(true, true, true, 0, maxPorts / 2);
        }
        return null;
    }
}

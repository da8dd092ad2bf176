package org.infinibay.infiniservice.domain.metrics;

/** A listening socket, one per (protocol, local port), with its established connections (§7.6). */
public record PortMetric(int port, String protocol, String state, Integer pid, String processName, String exePath,
                         int connectionCount) {
}

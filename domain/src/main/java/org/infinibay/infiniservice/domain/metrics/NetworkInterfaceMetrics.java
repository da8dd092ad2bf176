package org.infinibay.infiniservice.domain.metrics;

import java.util.List;

/**
 * One interface with cumulative counters since boot (never rates, pitfall P2) and its usable
 * addresses, already filtered and ordered IPv4 first (CONTRACT §7.4).
 */
public record NetworkInterfaceMetrics(String name, long bytesReceived, long bytesSent, long packetsReceived,
                                      long packetsSent, List<String> ipAddresses, boolean up,
                                      boolean defaultRoute, boolean virtual, String macAddress) {
    public NetworkInterfaceMetrics {
        ipAddresses = List.copyOf(ipAddresses);
    }
}

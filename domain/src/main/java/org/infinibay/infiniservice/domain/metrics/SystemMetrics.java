package org.infinibay.infiniservice.domain.metrics;

import java.util.List;

/** The mandatory part of a metrics message: {@code data.system} (CONTRACT §7.3). */
public record SystemMetrics(CpuMetrics cpu, MemoryMetrics memory, List<DiskUsage> disks, DiskIoRates io,
                            List<NetworkInterfaceMetrics> interfaces, long uptimeSeconds, LoadAverage loadAverage) {
    public SystemMetrics {
        disks = List.copyOf(disks);
        interfaces = List.copyOf(interfaces);
    }

    /** True when an up interface has a non-loopback, non-link-local address (fast IP retry, §6.5). */
    public boolean hasUsableAddress() {
        for (NetworkInterfaceMetrics n : interfaces) {
            if (n.up()) {
                for (String a : n.ipAddresses()) { // a loop, not a stream: this runs every cycle
                    if (!IpAddresses.isLinkLocal(a)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

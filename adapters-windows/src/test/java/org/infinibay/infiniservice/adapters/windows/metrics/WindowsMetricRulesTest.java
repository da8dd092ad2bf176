package org.infinibay.infiniservice.adapters.windows.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.infinibay.infiniservice.domain.metrics.NetworkInterfaceMetrics;
import org.infinibay.infiniservice.domain.metrics.PortMetric;
import org.junit.jupiter.api.Test;

class WindowsMetricRulesTest {
    @Test
    void volumes() {
        assertEquals("C:", WindowsMetricRules.mountPoint("C:\\"));
        assertEquals("D:", WindowsMetricRules.mountPoint("D:\\\\"));
        assertTrue(WindowsMetricRules.isFixedVolume("Fixed drive", "D:\\", "C:"));
        assertFalse(WindowsMetricRules.isFixedVolume("Network drive", "Z:\\", "C:"));
        assertFalse(WindowsMetricRules.isFixedVolume("CD-ROM", "E:\\", "C:"));
        assertTrue(WindowsMetricRules.isFixedVolume("weird", "C:\\", "C:"), "the system drive always stays");
    }

    @Test
    void addressesAreBareIpv4FirstWithoutLoopback() {
        assertEquals(List.of("192.168.1.10", "fe80::1%12"), WindowsMetricRules.addresses(
                new String[] {"127.0.0.1", "192.168.1.10"}, new String[] {"::1", "fe80::1%12", "2001:db8::1/64"}));
    }

    @Test
    void defaultRouteFirstVirtualLast() {
        NetworkInterfaceMetrics v = new NetworkInterfaceMetrics("vEthernet (WSL)", 0, 0, 0, 0, List.of(), true, false,
                WindowsMetricRules.isVirtual("vEthernet (WSL)", "Hyper-V Virtual Ethernet Adapter"), null);
        NetworkInterfaceMetrics p = new NetworkInterfaceMetrics("Ethernet 2", 0, 0, 0, 0, List.of(), true, false,
                false, null);
        NetworkInterfaceMetrics d = new NetworkInterfaceMetrics("Ethernet", 0, 0, 0, 0, List.of(), true, true,
                false, null);
        assertEquals(List.of(d, p, v), WindowsMetricRules.ordered(List.of(v, p, d)));
        assertTrue(Subnets.contains("10.0.2.15", 24, "10.0.2.2"));
        assertFalse(Subnets.contains("10.0.3.15", 24, "10.0.2.2"));
    }

    @Test
    void percentagesAreFinite() {
        assertEquals(0, WindowsMetricRules.percent(Double.NaN));
        assertEquals(12.3, WindowsMetricRules.percent(0.1234));
    }

    @Test
    void portsOnePerProtocolAndPortWithEstablishedCount() {
        List<PortMetric> ports = OshiPortSource.aggregate(List.of(
                new OshiPortSource.Socket("tcp4", 3389, "LISTEN", 1040),
                new OshiPortSource.Socket("tcp6", 3389, "LISTEN", 1040),
                new OshiPortSource.Socket("tcp4", 3389, "ESTABLISHED", 1040),
                new OshiPortSource.Socket("tcp4", 50000, "ESTABLISHED", 7),
                new OshiPortSource.Socket("udp4", 123, "NONE", 0)),
                pid -> pid == 1040 ? new String[] {"svchost.exe", "C:\\Windows\\System32\\svchost.exe"} : null);
        assertEquals(2, ports.size());
        assertEquals(new PortMetric(3389, "tcp", "LISTEN", 1040, "svchost.exe", "C:\\Windows\\System32\\svchost.exe", 1),
                ports.get(0));
        assertEquals("UNCONN", ports.get(1).state());
        assertNull(ports.get(1).pid());
    }
}

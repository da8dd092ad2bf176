package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.infinibay.infiniservice.domain.metrics.IpAddresses;
import org.infinibay.infiniservice.domain.metrics.NetworkInterfaceMetrics;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;
import org.junit.jupiter.api.Test;

/** {@link ProcfsSystemMetricsSource} against this machine's real /proc and /sys. */
class SystemMetricsRealTest {

    private static long sysLong(String iface, String counter) throws Exception {
        return Long.parseLong(Files.readString(Path.of("/sys/class/net", iface, "statistics", counter)).trim());
    }

    @Test
    void cpuCoresMatchLogicalCpusAndPercentagesAreBounded() throws Exception {
        ProcfsSystemMetricsSource src = new ProcfsSystemMetricsSource();
        src.prime();
        Thread.sleep(300);
        SystemMetrics m = src.sample();
        long statCpuLines = Files.readAllLines(Path.of("/proc/stat")).stream().filter(l -> l.matches("cpu\\d+ .*")).count();
        assertEquals(statCpuLines, m.cpu().coresUsage().size());
        assertTrue(m.cpu().coresUsage().size() >= Runtime.getRuntime().availableProcessors());
        assertTrue(m.cpu().usagePercent() >= 0 && m.cpu().usagePercent() <= 100);
        m.cpu().coresUsage().forEach(c -> assertTrue(c >= 0 && c <= 100, "core " + c));
    }

    @Test
    void memoryRelations() {
        SystemMetrics m = new ProcfsSystemMetricsSource().sample();
        assertTrue(m.memory().totalKb() > 0);
        assertTrue(m.memory().availableKb() > 0 && m.memory().availableKb() <= m.memory().totalKb());
        assertEquals(m.memory().totalKb() - m.memory().availableKb(), m.memory().usedKb());
        assertTrue(m.memory().swapUsedKb() <= m.memory().swapTotalKb());
        // JVM max heap is bounded by physical memory visible to the OS
        assertTrue(m.memory().totalKb() * 1024 >= Runtime.getRuntime().totalMemory());
    }

    @Test
    void rootFilesystemIsReportedWithConsistentSizes() throws Exception {
        SystemMetrics m = new ProcfsSystemMetricsSource().sample();
        DiskUsage root = m.disks().stream().filter(d -> d.mountPoint().equals("/")).findFirst().orElseThrow();
        assertEquals("/", m.disks().get(0).mountPoint());
        assertTrue(root.totalBytes() > 0);
        assertTrue(root.usedBytes() >= 0 && root.usedBytes() <= root.totalBytes());
        assertTrue(root.availableBytes() <= root.totalBytes() - root.usedBytes());
        assertEquals(Files.getFileStore(Path.of("/")).getTotalSpace(), root.totalBytes());
        assertTrue(m.disks().stream().noneMatch(d -> MountInfo.isPseudo(d.filesystem())
                && !d.mountPoint().equals("/")));
    }

    @Test
    void diskIoRatesAreNonNegativeAndSeeOurWrites() throws Exception {
        ProcfsSystemMetricsSource src = new ProcfsSystemMetricsSource();
        src.prime();
        Path f = Files.createTempFile(Path.of(System.getProperty("java.io.tmpdir")), "io", ".bin");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(4 * 1024 * 1024));
            ch.force(true); // reaches the block device, so the whole-disk counters move
        } finally {
            Files.deleteIfExists(f);
        }
        var io = src.sample().io();
        assertTrue(io.readBytesPerSec() >= 0 && io.readOpsPerSec() >= 0 && io.writeOpsPerSec() >= 0);
        assertTrue(io.writeBytesPerSec() > 0, "fsynced 4 MiB must show as writes on a whole disk");
        assertNotNull(io.utilizationPercent());
        assertTrue(io.utilizationPercent() >= 0 && io.utilizationPercent() <= 100);
    }

    @Test
    void networkCountersAreCumulativeSysValues() throws Exception {
        ProcfsSystemMetricsSource src = new ProcfsSystemMetricsSource();
        src.prime();
        String[] names = new java.io.File("/sys/class/net").list();
        assertNotNull(names);
        long ethBefore = sysLong("eth0", "rx_bytes");
        SystemMetrics first = src.sample();
        long ethAfter = sysLong("eth0", "rx_bytes");
        SystemMetrics second = src.sample();

        assertTrue(first.interfaces().stream().noneMatch(n -> n.name().equals("lo")));
        assertEquals(names.length - 1, first.interfaces().size()); // every interface but lo
        NetworkInterfaceMetrics eth0 = first.interfaces().stream().filter(n -> n.name().equals("eth0"))
                .findFirst().orElseThrow();
        assertTrue(eth0.bytesReceived() >= ethBefore && eth0.bytesReceived() <= ethAfter);
        assertTrue(eth0.up());
        assertTrue(eth0.defaultRoute());
        assertFalse(eth0.virtual());
        assertEquals(Files.readString(Path.of("/sys/class/net/eth0/address")).trim(), eth0.macAddress());
        for (NetworkInterfaceMetrics n : first.interfaces()) {
            NetworkInterfaceMetrics later = second.interfaces().stream().filter(x -> x.name().equals(n.name()))
                    .findFirst().orElseThrow();
            assertTrue(later.bytesReceived() >= n.bytesReceived() && later.bytesSent() >= n.bytesSent());
            assertTrue(later.packetsReceived() >= n.packetsReceived() && later.packetsSent() >= n.packetsSent());
            assertEquals(sysLong(n.name(), "tx_packets") >= later.packetsSent(), true);
            for (String ip : n.ipAddresses()) {
                assertFalse(ip.contains("/"), ip);
                assertTrue(IpAddresses.isReportable(ip), ip);
            }
        }
        first.interfaces().stream().filter(n -> n.name().startsWith("ifb")).forEach(n -> assertTrue(n.virtual()));
    }

    @Test
    void addressesMatchTheKernelsView() throws Exception {
        SystemMetrics m = new ProcfsSystemMetricsSource().sample();
        NetworkInterfaceMetrics eth0 = m.interfaces().stream().filter(n -> n.name().equals("eth0"))
                .findFirst().orElseThrow();
        List<String> expectedV4 = java.util.Collections.list(java.net.NetworkInterface.getByName("eth0").getInetAddresses())
                .stream().filter(a -> a instanceof java.net.Inet4Address).map(java.net.InetAddress::getHostAddress)
                .filter(IpAddresses::isReportable).collect(java.util.stream.Collectors.toList());
        assertEquals(expectedV4, eth0.ipAddresses().stream().filter(IpAddresses::isIpv4)
                .collect(java.util.stream.Collectors.toList()));
        // IPv4 first, then IPv6
        boolean seenV6 = false;
        for (String a : eth0.ipAddresses()) {
            if (!IpAddresses.isIpv4(a)) {
                seenV6 = true;
            } else {
                assertFalse(seenV6, "IPv4 after IPv6 in " + eth0.ipAddresses());
            }
        }
        assertEquals(m.hasUsableAddress(), eth0.ipAddresses().stream().anyMatch(a -> !IpAddresses.isLinkLocal(a)));
    }

    @Test
    void uptimeAndLoad() throws Exception {
        SystemMetrics m = new ProcfsSystemMetricsSource().sample();
        double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
        assertTrue(m.uptimeSeconds() > 0 && m.uptimeSeconds() <= uptime);
        assertTrue(uptime - m.uptimeSeconds() < 5);
        assertNotNull(m.loadAverage());
        assertTrue(m.loadAverage().load1() >= 0);
    }
}

package org.infinibay.infiniservice.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonFloat;
import org.infinibay.infiniservice.domain.json.JsonInt;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.metrics.CpuMetrics;
import org.infinibay.infiniservice.domain.metrics.DiskIoRates;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.infinibay.infiniservice.domain.metrics.IpAddresses;
import org.infinibay.infiniservice.domain.metrics.LoadAverage;
import org.infinibay.infiniservice.domain.metrics.MemoryMetrics;
import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;
import org.infinibay.infiniservice.domain.metrics.MetricsTrim;
import org.infinibay.infiniservice.domain.metrics.MetricsWire;
import org.infinibay.infiniservice.domain.metrics.NetworkInterfaceMetrics;
import org.infinibay.infiniservice.domain.metrics.PortMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessStatus;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;
import org.junit.jupiter.api.Test;

/** Placement, names and units of CONTRACT §7 (§13 items 31-36, pitfall P1). */
class MetricsWireTest {

    static SystemMetrics system(List<NetworkInterfaceMetrics> nics) {
        return new SystemMetrics(new CpuMetrics(Double.NaN, List.of(10.0, 250.0), 999.0),
                new MemoryMetrics(8_000_000, 3_000_000, 1000, 10),
                List.of(new DiskUsage("/", 100L << 30, 40L << 30, 60L << 30, "ext4")),
                new DiskIoRates(1, 2, 3, Double.POSITIVE_INFINITY, null), nics, 3600, new LoadAverage(0.5, 0.4, 0.3));
    }

    static NetworkInterfaceMetrics nic(String name, boolean def, String... ips) {
        return new NetworkInterfaceMetrics(name, 1, 2, 3, 4, List.of(ips), true, def, false, null);
    }

    @Test
    void placementAndTypes() {
        JsonObject data = MetricsWire.data(MetricsSnapshot.of(system(List.of(nic("eth0", true, "10.0.0.2")))),
                MetricsTrim.NONE, 50, 1);
        JsonObject sys = data.object("system").orElseThrow();
        assertEquals(3600, sys.integer("uptime_seconds").getAsLong());
        assertTrue(sys.object("load_average").isPresent());
        assertFalse(sys.has("system"));
        JsonObject cpu = sys.object("cpu").orElseThrow();
        assertEquals(new JsonFloat(0.0), cpu.get("usage_percent").orElseThrow(), "NaN becomes 0");
        assertEquals(new JsonFloat(100.0), cpu.array("cores_usage").orElseThrow().items().get(1), "clamped");
        assertFalse(cpu.has("temperature"), "implausible temperature omitted");
        JsonObject mem = sys.object("memory").orElseThrow();
        assertInstanceOf(JsonInt.class, mem.get("used_kb").orElseThrow());
        assertEquals(5_000_000, mem.integer("used_kb").getAsLong());
        JsonObject disk = sys.object("disk").orElseThrow();
        JsonObject root = (JsonObject) disk.array("usage_stats").orElseThrow().items().get(0);
        assertEquals(new JsonFloat(100.0), root.get("total_gb").orElseThrow(), "bytes / 2^30");
        assertEquals(new JsonFloat(0.0), disk.object("io_stats").orElseThrow().get("write_ops_per_sec").orElseThrow());
    }

    @Test
    void defaultRouteInterfaceFirstThenPhysicalThenVirtualAndV4BeforeV6() {
        List<NetworkInterfaceMetrics> nics = List.of(nic("docker0", false, "172.17.0.1"),
                nic("ens4", false, "fe80::1%ens4", "192.168.1.5"), nic("ens3", true, "2001:db8::5", "10.0.0.5/24",
                        "10.0.0.5", "127.0.0.1", "ff02::1"));
        JsonArray out = MetricsWire.data(MetricsSnapshot.of(system(nics)), MetricsTrim.NONE, 50, 1)
                .object("system").orElseThrow().object("network").orElseThrow().array("interfaces").orElseThrow();
        List<String> names = new ArrayList<>();
        out.items().forEach(j -> names.add(((JsonObject) j).string("name").orElseThrow()));
        assertEquals(List.of("ens3", "ens4", "docker0"), names);
        assertEquals(JsonArray.ofStrings(List.of("10.0.0.5", "2001:db8::5")),
                ((JsonObject) out.items().get(0)).array("ip_addresses").orElseThrow());
        assertEquals(JsonArray.ofStrings(List.of("192.168.1.5", "fe80::1%ens4")),
                ((JsonObject) out.items().get(1)).array("ip_addresses").orElseThrow());
    }

    @Test
    void addressRules() {
        assertTrue(IpAddresses.isReportable("10.1.2.3"));
        assertTrue(IpAddresses.isReportable("fe80::1%eth0"));
        assertFalse(IpAddresses.isReportable("10.1.2.3/24"));
        assertFalse(IpAddresses.isReportable("127.0.0.1"));
        assertFalse(IpAddresses.isReportable("::1"));
        assertFalse(IpAddresses.isReportable("::"));
        assertFalse(IpAddresses.isReportable("224.0.0.1"));
        assertFalse(IpAddresses.isReportable("0.0.0.0"));
        assertFalse(IpAddresses.isReportable("300.1.1.1"));
        assertFalse(IpAddresses.isReportable("fe80::1%eth 0"));
        assertTrue(IpAddresses.isLinkLocal("169.254.1.1"));
    }

    @Test
    void processesAreTopByCpuUnionTopByMemoryPlusSelfWithWireNames() {
        List<ProcessMetric> ps = new ArrayList<>();
        for (int i = 1; i <= 300; i++) {
            ps.add(new ProcessMetric(i, 1, "p" + i, "/bin/p", "p --x", i % 7, 1000L * (300 - i), 0, 0,
                    ProcessStatus.SLEEPING, 1700000000000L, "root"));
        }
        JsonObject data = MetricsWire.data(new MetricsSnapshot(system(List.of()), ps, List.of(), null, null),
                MetricsTrim.NONE, 5, 299);
        JsonArray procs = data.array("processes").orElseThrow();
        assertTrue(procs.size() <= 11 && procs.size() >= 6);
        JsonObject p = (JsonObject) procs.items().get(0);
        assertEquals(299, p.integer("pid").getAsLong(), "the agent itself is always included");
        assertEquals("2023-11-14T22:13:20.000Z", p.string("start_time").orElseThrow());
        assertEquals("Sleeping", p.string("status").orElseThrow());
        for (String legacy : List.of("id", "parent_id", "executable_path", "command_line", "cpu_usage_percent",
                "memory_usage_kb")) {
            assertFalse(p.has(legacy));
        }
        assertNull(data.fields().get("windows_services"));
    }

    @Test
    void trimDropsCommandLinesThenCapsCollections() {
        MetricsTrim t = MetricsTrim.NONE.next().next().next();
        assertTrue(t.dropCommandLines());
        List<PortMetric> ports = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            ports.add(new PortMetric(1000 + i, "tcp", "LISTEN", null, null, null, i == 1400 ? 7 : 0));
        }
        JsonArray out = MetricsWire.data(new MetricsSnapshot(system(List.of()), null, ports, null, null),
                MetricsTrim.NONE, 5, 1).array("ports").orElseThrow();
        assertEquals(MetricsTrim.MAX_ITEMS, out.size());
        assertEquals(2400, ((JsonObject) out.items().get(0)).integer("port").getAsLong(), "busiest port kept first");
    }

    /** The hand-written orders (no Comparator combinators on the cycle) against the combinators they replace. */
    @Test
    void ordersAreTheCombinatorsOrders() {
        java.util.Random r = new java.util.Random(17);
        List<ProcessMetric> ps = new ArrayList<>();
        for (int i = 1; i <= 400; i++) {
            ps.add(new ProcessMetric(i, 1, "p" + i, "/bin/p", "", r.nextInt(4) * 0.5, 10L * r.nextInt(5), 0, 0,
                    ProcessStatus.SLEEPING, null, "root"));
        }
        int top = 7;
        List<ProcessMetric> byCpu = new ArrayList<>(ps);
        byCpu.sort(java.util.Comparator.comparingDouble(ProcessMetric::cpuPercent).reversed()
                .thenComparing(java.util.Comparator.comparingLong(ProcessMetric::memoryKb).reversed()));
        List<ProcessMetric> byMem = new ArrayList<>(ps);
        byMem.sort(java.util.Comparator.comparingLong(ProcessMetric::memoryKb).reversed());
        java.util.Map<Integer, ProcessMetric> expected = new java.util.LinkedHashMap<>();
        expected.put(400, ps.get(399));
        byCpu.subList(0, top).forEach(p -> expected.putIfAbsent(p.pid(), p));
        byMem.subList(0, top).forEach(p -> expected.putIfAbsent(p.pid(), p));
        assertEquals(new ArrayList<>(expected.values()), MetricsWire.selectProcesses(ps, top, 400, 100));

        List<PortMetric> ports = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ports.add(new PortMetric(r.nextInt(2000), "tcp", "LISTEN", null, null, null, r.nextInt(3)));
        }
        List<PortMetric> sorted = new ArrayList<>(ports);
        sorted.sort(java.util.Comparator.comparingInt(PortMetric::connectionCount).reversed()
                .thenComparingInt(PortMetric::port));
        JsonArray out = MetricsWire.data(new MetricsSnapshot(system(List.of()), null, ports, null, null),
                MetricsTrim.NONE, 5, 1).array("ports").orElseThrow();
        for (int i = 0; i < out.size(); i++) {
            JsonObject o = (JsonObject) out.items().get(i);
            assertEquals(sorted.get(i).port(), o.integer("port").getAsLong(), "port " + i);
            assertEquals(sorted.get(i).connectionCount(), o.integer("connection_count").getAsLong(), "count " + i);
        }
    }
}

package org.infinibay.infiniservice.domain.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.time.Timestamps;

/**
 * Maps a snapshot onto the exact {@code data} object the host stores (CONTRACT §7): names,
 * placement (pitfall P1), units, integer vs float, interface order and per-collection caps.
 */
public final class MetricsWire {
    public static final int CMD_LINE_MAX = 4096;
    private static final double GIB = 1024d * 1024 * 1024;
    /**
     * The name prefixes of virtual interfaces; {@code "br"} stands for {@code br} and an ASCII digit.
     * Was the regex {@code ^(docker|virbr|br-|br\d|bridge|...).*}; checked by hand in every cycle
     * (no {@code java.util.regex} in steady state, docs/performance.md round 5), MetricsWireTest
     * compares the two.
     */
    private static final String[] VIRTUAL_PREFIXES = {"docker", "virbr", "br-", "br", "bridge", "veth", "tun", "tap",
        "vnet", "cni", "flannel", "cali", "kube", "wg", "tailscale", "zt", "lxc", "lxd", "podman", "vmnet", "vboxnet"};

    private MetricsWire() {
    }

    public static JsonObject data(MetricsSnapshot s, MetricsTrim trim, int topPerKind, long ownPid) {
        JsonObject.Builder data = JsonObject.builder().put("system", system(s.system()));
        if (s.processes() != null) {
            data.put("processes", processes(selectProcesses(s.processes(), topPerKind, ownPid, trim.maxProcesses()),
                    trim.dropCommandLines()));
        }
        if (s.applications() != null && !trim.dropApplications()) {
            data.put("applications", capped(s.applications()));
        }
        if (s.ports() != null) {
            data.put("ports", ports(s.ports(), trim.maxPorts()));
        }
        if (s.windowsServices() != null) {
            data.put("windows_services", services(s.windowsServices(), trim.dropServiceDescriptions()));
        }
        return data.build();
    }

    public static JsonObject system(SystemMetrics m) {
        CpuMetrics cpu = m.cpu();
        JsonObject.Builder cpuJson = JsonObject.builder()
                .put("usage_percent", clampPercent(cpu.usagePercent()))
                .put("cores_usage", coresUsage(cpu.coresUsage()))
                .putOptional("temperature", cpu.temperature());
        MemoryMetrics mem = m.memory();
        JsonObject memJson = JsonObject.builder()
                .put("total_kb", mem.totalKb())
                .put("used_kb", mem.usedKb())
                .put("available_kb", mem.availableKb())
                .put("swap_total_kb", mem.swapTotalKb())
                .put("swap_used_kb", mem.swapUsedKb())
                .build();
        JsonObject.Builder io = JsonObject.builder()
                .put("read_bytes_per_sec", nonNegative(m.io().readBytesPerSec()))
                .put("write_bytes_per_sec", nonNegative(m.io().writeBytesPerSec()))
                .put("read_ops_per_sec", nonNegative(m.io().readOpsPerSec()))
                .put("write_ops_per_sec", nonNegative(m.io().writeOpsPerSec()));
        if (m.io().utilizationPercent() != null) {
            io.put("io_utilization_percent", clampPercent(m.io().utilizationPercent()));
        }
        JsonObject disk = JsonObject.builder()
                .put("usage_stats", diskUsages(m.disks()))
                .put("io_stats", io.build())
                .build();
        JsonObject network = JsonObject.builder()
                .put("interfaces", networkInterfaces(orderInterfaces(m.interfaces())))
                .build();
        JsonObject.Builder sys = JsonObject.builder()
                .put("cpu", cpuJson.build())
                .put("memory", memJson)
                .put("disk", disk)
                .put("network", network)
                .put("uptime_seconds", Math.max(0, m.uptimeSeconds()));
        if (m.loadAverage() != null) {
            LoadAverage l = m.loadAverage();
            sys.put("load_average", JsonObject.builder()
                    .put("load_1min", l.load1()).put("load_5min", l.load5()).put("load_15min", l.load15()).build());
        }
        return sys.build();
    }

    /** Default-route interface first, then physical, then virtual ones (§7.4 rule 5); stable otherwise. */
    public static List<NetworkInterfaceMetrics> orderInterfaces(List<NetworkInterfaceMetrics> in) {
        List<NetworkInterfaceMetrics> out = new ArrayList<>(in);
        out.sort(Order.INTERFACES);
        return out;
    }

    private static int interfaceRank(NetworkInterfaceMetrics n) {
        if (n.defaultRoute()) {
            return 0;
        }
        return n.virtual() || virtualName(n.name()) ? 2 : 1;
    }

    /**
     * Whether the name starts with a virtual interface's prefix. Exactly what the former pattern's
     * {@code matches()} accepted: its {@code .*} does not cross a line terminator.
     */
    static boolean virtualName(String name) {
        boolean prefixed = false;
        for (String p : VIRTUAL_PREFIXES) {
            if (p.equals("br")) {
                if (name.length() > 2 && name.startsWith("br") && name.charAt(2) >= '0' && name.charAt(2) <= '9') {
                    prefixed = true;
                    break;
                }
            } else if (name.startsWith(p)) {
                prefixed = true;
                break;
            }
        }
        if (!prefixed) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return false;
            }
        }
        return true;
    }

    // The arrays are built in loops: JsonArray.of(list, mapper) with a lambda or method reference
    // spins a proxy class per call site at run time (docs/performance.md, round 5).

    private static JsonArray coresUsage(List<Double> cores) {
        List<Json> out = new ArrayList<>(cores.size());
        for (Double d : cores) {
            out.add(Json.of(clampPercent(d)));
        }
        return new JsonArray(out);
    }

    private static JsonArray diskUsages(List<DiskUsage> disks) {
        List<Json> out = new ArrayList<>(disks.size());
        for (DiskUsage d : disks) {
            out.add(diskUsage(d));
        }
        return new JsonArray(out);
    }

    private static JsonArray networkInterfaces(List<NetworkInterfaceMetrics> interfaces) {
        List<Json> out = new ArrayList<>(interfaces.size());
        for (NetworkInterfaceMetrics n : interfaces) {
            out.add(networkInterface(n));
        }
        return new JsonArray(out);
    }

    private static Json diskUsage(DiskUsage d) {
        return JsonObject.builder()
                .put("mount_point", d.mountPoint())
                .put("total_gb", d.totalBytes() / GIB)
                .put("used_gb", d.usedBytes() / GIB)
                .put("available_gb", d.availableBytes() / GIB)
                .put("filesystem", d.filesystem())
                .build();
    }

    private static Json networkInterface(NetworkInterfaceMetrics n) {
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (String a : n.ipAddresses()) {
            if (IpAddresses.isReportable(a)) {
                (IpAddresses.isIpv4(a) ? v4 : v6).add(a);
            }
        }
        v4.addAll(v6);
        JsonObject.Builder b = JsonObject.builder()
                .put("name", n.name())
                .put("bytes_received", n.bytesReceived())
                .put("bytes_sent", n.bytesSent())
                .put("packets_received", n.packetsReceived())
                .put("packets_sent", n.packetsSent())
                .put("ip_addresses", JsonArray.ofStrings(v4))
                .put("is_up", n.up());
        if (n.macAddress() != null) {
            b.put("mac_address", n.macAddress());
        }
        return b.build();
    }

    /** The top N by CPU plus the top N by memory, de-duplicated, plus the agent itself (§7.5). */
    public static List<ProcessMetric> selectProcesses(List<ProcessMetric> all, int topPerKind, long ownPid, int cap) {
        Map<Integer, ProcessMetric> chosen = new LinkedHashMap<>();
        List<ProcessMetric> byCpu = new ArrayList<>(all);
        byCpu.sort(Order.BY_CPU);
        List<ProcessMetric> byMem = new ArrayList<>(all);
        byMem.sort(Order.BY_MEMORY);
        for (ProcessMetric p : all) {
            if (p.pid() == ownPid) {
                chosen.put(p.pid(), p);
            }
        }
        for (int i = 0; i < Math.min(topPerKind, byCpu.size()); i++) {
            chosen.putIfAbsent(byCpu.get(i).pid(), byCpu.get(i));
        }
        for (int i = 0; i < Math.min(topPerKind, byMem.size()); i++) {
            chosen.putIfAbsent(byMem.get(i).pid(), byMem.get(i));
        }
        List<ProcessMetric> out = new ArrayList<>(chosen.values());
        int limit = Math.min(cap, MetricsTrim.MAX_ITEMS);
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    private static JsonArray processes(List<ProcessMetric> list, boolean dropCmdLine) {
        List<Json> items = new ArrayList<>(list.size());
        for (ProcessMetric p : list) {
            String name = p.name() == null || p.name().isEmpty() ? "pid-" + p.pid() : p.name();
            JsonObject.Builder b = JsonObject.builder()
                    .put("pid", p.pid())
                    .put("ppid", p.ppid())
                    .put("name", name)
                    .put("exe_path", p.exePath());
            if (!dropCmdLine) {
                b.put("cmd_line", truncate(p.cmdLine(), CMD_LINE_MAX));
            }
            b.put("cpu_percent", Math.max(0, p.cpuPercent()))
                    .put("memory_kb", Math.max(0, p.memoryKb()))
                    .put("disk_read_bytes", Math.max(0, p.diskReadBytes()))
                    .put("disk_write_bytes", Math.max(0, p.diskWriteBytes()))
                    .put("status", p.status().wire())
                    .put("start_time", p.startTimeMillis() == null ? null : Timestamps.format(p.startTimeMillis()));
            items.add(b.build());
        }
        return new JsonArray(items);
    }

    private static JsonArray ports(List<PortMetric> list, int max) {
        List<PortMetric> sorted = new ArrayList<>(list);
        // Keep the ports with the most connections, then the lowest (well-known) numbers.
        sorted.sort(Order.PORTS);
        int limit = Math.min(max, MetricsTrim.MAX_ITEMS);
        List<Json> items = new ArrayList<>();
        for (PortMetric p : sorted.subList(0, Math.min(limit, sorted.size()))) {
            items.add(JsonObject.builder()
                    .put("port", p.port())
                    .put("protocol", p.protocol())
                    .put("state", p.state())
                    .put("pid", p.pid() == null ? null : Json.of(p.pid().longValue()))
                    .put("process_name", p.processName())
                    .put("exe_path", p.exePath())
                    .put("is_listening", true)
                    .put("connection_count", p.connectionCount())
                    .build());
        }
        return new JsonArray(items);
    }

    private static JsonArray services(JsonArray services, boolean dropDescriptions) {
        JsonArray capped = capped(services);
        if (!dropDescriptions) {
            return capped;
        }
        List<Json> out = new ArrayList<>(capped.size());
        for (Json j : capped.items()) {
            if (j instanceof JsonObject o) {
                Map<String, Json> f = new LinkedHashMap<>(o.fields());
                f.remove("description");
                out.add(new JsonObject(f));
            } else {
                out.add(j);
            }
        }
        return new JsonArray(out);
    }

    private static JsonArray capped(JsonArray a) {
        return a.size() <= MetricsTrim.MAX_ITEMS ? a : new JsonArray(a.items().subList(0, MetricsTrim.MAX_ITEMS));
    }

    private static String truncate(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max;
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static double clampPercent(double d) {
        return Double.isFinite(d) ? Math.max(0, Math.min(100, d)) : 0;
    }

    private static double nonNegative(double d) {
        return Double.isFinite(d) ? Math.max(0, d) : 0;
    }

    /**
     * The per-cycle orders, written out: {@code Comparator.comparing…().reversed().thenComparing…}
     * spins a lambda proxy per call site and combinator at run time, which the class-data archive
     * does not hold (docs/performance.md, round 5). One class for the four orders.
     */
    private static final class Order implements Comparator<Object> {
        /** CPU descending, then memory descending. */
        static final Comparator<ProcessMetric> BY_CPU = cast(new Order(0));
        /** Memory descending. */
        static final Comparator<ProcessMetric> BY_MEMORY = cast(new Order(1));
        /** Connections descending, then the port ascending (well-known numbers first). */
        static final Comparator<PortMetric> PORTS = cast(new Order(2));
        /** {@link #interfaceRank} ascending. */
        static final Comparator<NetworkInterfaceMetrics> INTERFACES = cast(new Order(3));

        private final int kind;

        private Order(int kind) {
            this.kind = kind;
        }

        @SuppressWarnings("unchecked")
        private static <T> Comparator<T> cast(Order o) {
            return (Comparator<T>) (Comparator<?>) o;
        }

        @Override
        public int compare(Object x, Object y) {
            switch (kind) {
                case 0: {
                    ProcessMetric a = (ProcessMetric) x;
                    ProcessMetric b = (ProcessMetric) y;
                    int c = Double.compare(b.cpuPercent(), a.cpuPercent());
                    return c != 0 ? c : Long.compare(b.memoryKb(), a.memoryKb());
                }
                case 1:
                    return Long.compare(((ProcessMetric) y).memoryKb(), ((ProcessMetric) x).memoryKb());
                case 2: {
                    PortMetric a = (PortMetric) x;
                    PortMetric b = (PortMetric) y;
                    int c = Integer.compare(b.connectionCount(), a.connectionCount());
                    return c != 0 ? c : Integer.compare(a.port(), b.port());
                }
                default:
                    return Integer.compare(interfaceRank((NetworkInterfaceMetrics) x),
                            interfaceRank((NetworkInterfaceMetrics) y));
            }
        }
    }
}

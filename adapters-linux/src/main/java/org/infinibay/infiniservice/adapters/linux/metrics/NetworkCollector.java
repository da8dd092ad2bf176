package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.metrics.NetworkInterfaceMetrics;

/**
 * Interfaces from /sys/class/net with cumulative counters since boot (never rates, pitfall P2),
 * state, MAC, addresses and the default-route and virtual marks used for ordering (§7.4).
 */
final class NetworkCollector {
    private static final System.Logger LOG = Logs.get(NetworkCollector.class);
    private static final int IFF_UP = 0x1;
    private static final int IFF_LOOPBACK = 0x8;

    private final String root;
    private final String netDir;
    private final AddressSource addresses;
    private final ProcFile file = new ProcFile(4096);

    NetworkCollector(String root, AddressSource addresses) {
        this.root = root;
        this.netDir = root + "sys/class/net/";
        this.addresses = addresses;
    }

    List<NetworkInterfaceMetrics> collect() {
        String[] names = new File(netDir).list();
        if (names == null) {
            return List.of();
        }
        Arrays.sort(names);
        Map<String, List<String>> ips = addresses.current();
        Set<String> defaults = defaultRouteInterfaces();
        List<NetworkInterfaceMetrics> out = new ArrayList<>(names.length);
        for (String name : names) {
            if (name.equals("lo")) {
                continue;
            }
            String dir = netDir + name + "/";
            try {
                long flags = readHex(dir + "flags");
                if ((flags & IFF_LOOPBACK) != 0) {
                    continue;
                }
                long rxBytes = readLong(dir + "statistics/rx_bytes");
                long txBytes = readLong(dir + "statistics/tx_bytes");
                long rxPackets = readLong(dir + "statistics/rx_packets");
                long txPackets = readLong(dir + "statistics/tx_packets");
                String operstate = readLine(dir + "operstate");
                // "unknown" is what drivers without carrier reporting (tun, some virtual NICs) show
                // while up, so the administrative IFF_UP flag decides then.
                boolean up = operstate.equals("up") || (operstate.equals("unknown") && (flags & IFF_UP) != 0);
                out.add(new NetworkInterfaceMetrics(name, rxBytes, txBytes, rxPackets, txPackets,
                        ips.getOrDefault(name, List.of()), up, defaults.contains(name), isVirtual(name, dir),
                        mac(dir)));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "interface {0} vanished or unreadable: {1}", name, e.toString());
            }
        }
        return out;
    }

    private Set<String> defaultRouteInterfaces() {
        Set<String> out = DefaultRoutes.newSet();
        try {
            DefaultRoutes.parseIpv4(file.load(root + "proc/net/route"), out);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no IPv4 route table: {0}", e.toString());
        }
        try {
            DefaultRoutes.parseIpv6(file.load(root + "proc/net/ipv6_route"), out);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "no IPv6 route table: {0}", e.toString());
        }
        return out;
    }

    /** Virtual: the sysfs node lives under devices/virtual, or it is a bridge, tun/tap or veth. */
    private boolean isVirtual(String name, String dir) {
        try {
            Path real = Path.of(netDir, name).toRealPath();
            if (real.toString().contains("/devices/virtual/")) {
                return true;
            }
        } catch (IOException e) {
            // fall through to the type markers
        }
        return new File(dir + "bridge").exists() || new File(dir + "tun_flags").exists()
                || name.startsWith("veth") || name.startsWith("docker") || name.startsWith("virbr");
    }

    private String mac(String dir) {
        try {
            String mac = readLine(dir + "address");
            return mac.isEmpty() || mac.equals("00:00:00:00:00:00") ? null : mac;
        } catch (IOException e) {
            return null;
        }
    }

    private long readLong(String path) throws IOException {
        return file.load(path).decimal();
    }

    private long readHex(String path) throws IOException {
        String s = readLine(path);
        if (s.startsWith("0x")) {
            s = s.substring(2);
        }
        try {
            return Long.parseLong(s, 16);
        } catch (NumberFormatException e) {
            throw new IOException("unreadable flags in " + path, e);
        }
    }

    private String readLine(String path) throws IOException {
        return file.load(path).firstLine();
    }
}

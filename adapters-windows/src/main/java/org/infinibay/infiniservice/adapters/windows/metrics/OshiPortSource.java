package org.infinibay.infiniservice.adapters.windows.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.SystemInfo;
import oshi.software.os.InternetProtocolStats;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;
import org.infinibay.infiniservice.application.port.out.PortSource;
import org.infinibay.infiniservice.domain.metrics.PortMetric;

/**
 * Listening sockets (CONTRACT §7.6) from {@code GetExtendedTcpTable}/{@code GetExtendedUdpTable}
 * through OSHI, with owning pid; one entry per (protocol, port) and the count of established
 * connections to that port.
 */
public final class OshiPortSource implements PortSource {
    private final OperatingSystem os = new SystemInfo().getOperatingSystem();

    @Override
    public List<PortMetric> sample() {
        List<Socket> sockets = new ArrayList<>();
        for (InternetProtocolStats.IPConnection c : os.getInternetProtocolStats().getConnections()) {
            sockets.add(new Socket(c.getType(), c.getLocalPort(), c.getState().name(), c.getowningProcessId()));
        }
        Map<Integer, OSProcess> procs = new HashMap<>();
        return aggregate(sockets, pid -> {
            OSProcess p = procs.computeIfAbsent(pid, os::getProcess);
            return p == null ? null : new String[] {p.getName(), p.getPath()};
        });
    }

    /** One socket as OSHI reports it: type {@code tcp4/tcp6/udp4/udp6}, state {@code LISTEN}, {@code ESTABLISHED}, {@code NONE}... */
    public record Socket(String type, int localPort, String state, int pid) {
    }

    /** The §7.6 aggregation, testable with recorded socket tables. */
    public static List<PortMetric> aggregate(List<Socket> sockets, java.util.function.IntFunction<String[]> owner) {
        Map<String, int[]> established = new HashMap<>();
        for (Socket s : sockets) {
            if (s.type().startsWith("tcp") && s.state().equals("ESTABLISHED")) {
                established.computeIfAbsent("tcp/" + s.localPort(), k -> new int[1])[0]++;
            }
        }
        Map<String, PortMetric> out = new LinkedHashMap<>();
        for (Socket s : sockets) {
            boolean tcp = s.type().startsWith("tcp");
            boolean listening = tcp ? s.state().equals("LISTEN") : true;
            if (!listening || s.localPort() <= 0) {
                continue;
            }
            String proto = tcp ? "tcp" : "udp";
            String key = proto + "/" + s.localPort();
            if (out.containsKey(key)) {
                continue;
            }
            Integer pid = s.pid() > 0 ? s.pid() : null;
            String[] o = pid == null ? null : owner.apply(pid);
            int conns = tcp ? established.getOrDefault(key, new int[1])[0] : 0;
            out.put(key, new PortMetric(s.localPort(), proto, tcp ? "LISTEN" : "UNCONN", pid,
                    o == null ? null : o[0], o == null ? null : o[1], conns));
            if (out.size() >= 1000) {
                break;
            }
        }
        return new ArrayList<>(out.values());
    }
}

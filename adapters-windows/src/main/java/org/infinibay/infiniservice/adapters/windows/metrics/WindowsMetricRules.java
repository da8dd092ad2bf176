package org.infinibay.infiniservice.adapters.windows.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.infinibay.infiniservice.domain.metrics.IpAddresses;
import org.infinibay.infiniservice.domain.metrics.NetworkInterfaceMetrics;
import org.infinibay.infiniservice.domain.metrics.ProcessStatus;

/** The Windows-specific rules of CONTRACT §7, apart from OSHI so they are tested on Linux. */
public final class WindowsMetricRules {
    private WindowsMetricRules() {
    }

    /** {@code C:\} → {@code C:} (§7.3: Windows mount points look like {@code C:}). */
    public static String mountPoint(String oshiMount) {
        String m = oshiMount == null ? "" : oshiMount.strip();
        while (m.length() > 2 && (m.endsWith("\\") || m.endsWith("/"))) {
            m = m.substring(0, m.length() - 1);
        }
        return m;
    }

    /**
     * Fixed local volumes only: OSHI describes them as "Fixed drive" ("Local Disk" on older
     * versions). Removable, network, optical and RAM drives are skipped; the system drive always
     * stays.
     */
    public static boolean isFixedVolume(String description, String mount, String systemDrive) {
        if (mountPoint(mount).equalsIgnoreCase(systemDrive)) {
            return true;
        }
        String d = description == null ? "" : description.toLowerCase(Locale.ROOT);
        return d.contains("fixed") || d.equals("local disk");
    }

    /** Rule 1–2 of §7.4 for one interface: reportable addresses, IPv4 before IPv6. */
    public static List<String> addresses(String[] ipv4, String[] ipv6) {
        List<String> out = new ArrayList<>();
        for (String a : ipv4) {
            if (IpAddresses.isReportable(a)) {
                out.add(a);
            }
        }
        for (String a : ipv6) {
            if (IpAddresses.isReportable(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Rule 5 of §7.4: the default-route interface, then physical ones, then virtual ones. */
    public static List<NetworkInterfaceMetrics> ordered(List<NetworkInterfaceMetrics> in) {
        List<NetworkInterfaceMetrics> out = new ArrayList<>(in);
        out.sort(Comparator.comparingInt((NetworkInterfaceMetrics n) -> n.defaultRoute() ? 0 : n.virtual() ? 2 : 1));
        return out;
    }

    /** Hyper-V switches, VPN and tunnel adapters rank after physical ones. */
    public static boolean isVirtual(String alias, String description) {
        String s = ((alias == null ? "" : alias) + " " + (description == null ? "" : description))
                .toLowerCase(Locale.ROOT);
        return s.contains("vethernet") || s.contains("hyper-v") || s.contains("virtual") || s.contains("vpn")
                || s.contains("tap-") || s.contains("wintun") || s.contains("teredo") || s.contains("isatap")
                || s.contains("loopback") || s.contains("docker") || s.contains("wsl");
    }

    /** OSHI's process states mapped to the wire vocabulary of §7.5. */
    public static ProcessStatus status(String oshiState) {
        if (oshiState == null) {
            return ProcessStatus.UNKNOWN;
        }
        switch (oshiState) {
            case "RUNNING":
                return ProcessStatus.RUNNING;
            case "SLEEPING":
            case "WAITING":
                return ProcessStatus.SLEEPING;
            case "STOPPED":
            case "SUSPENDED":
                return ProcessStatus.STOPPED;
            case "ZOMBIE":
                return ProcessStatus.ZOMBIE;
            case "INVALID":
                return ProcessStatus.DEAD;
            default:
                return ProcessStatus.UNKNOWN;
        }
    }

    /** A finite percentage, never NaN/Infinity (§2.2). */
    public static double percent(double v) {
        if (!Double.isFinite(v) || v < 0) {
            return 0;
        }
        return Math.round(v * 1000.0) / 10.0;
    }
}

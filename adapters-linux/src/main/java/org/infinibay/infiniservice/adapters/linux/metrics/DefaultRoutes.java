package org.infinibay.infiniservice.adapters.linux.metrics;

import java.util.LinkedHashSet;
import java.util.Set;

/** Interfaces holding a default route, from /proc/net/route and /proc/net/ipv6_route (§7.4 rule 5). */
final class DefaultRoutes {
    private static final long RTF_UP = 0x1;
    private static final long RTF_REJECT = 0x200;

    private DefaultRoutes() {
    }

    /** /proc/net/route: {@code Iface Destination Gateway Flags RefCnt Use Metric Mask ...} (header line). */
    static void parseIpv4(ProcFile f, Set<String> out) {
        f.position(0);
        f.nextLine();
        while (!f.atEnd()) {
            String iface = f.token();
            String dest = f.token();
            f.skipToken(); // gateway
            long flags = f.hex();
            f.skipTokens(3); // refcnt use metric
            String mask = f.token();
            if (iface != null && "00000000".equals(dest) && "00000000".equals(mask) && (flags & RTF_UP) != 0
                    && (flags & RTF_REJECT) == 0) {
                out.add(iface);
            }
            f.nextLine();
        }
    }

    /** /proc/net/ipv6_route: {@code dest plen src splen nexthop metric refcnt use flags iface} (no header). */
    static void parseIpv6(ProcFile f, Set<String> out) {
        f.position(0);
        while (!f.atEnd()) {
            String dest = f.token();
            String plen = f.token();
            f.skipTokens(5); // src, src plen, next hop, metric, refcnt
            f.skipToken(); // use
            long flags = f.hex();
            String iface = f.token();
            if (iface != null && "00".equals(plen) && dest != null && isZero(dest) && (flags & RTF_UP) != 0
                    && (flags & RTF_REJECT) == 0 && !iface.equals("lo")) {
                out.add(iface);
            }
            f.nextLine();
        }
    }

    static Set<String> newSet() {
        return new LinkedHashSet<>();
    }

    private static boolean isZero(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            if (hex.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}

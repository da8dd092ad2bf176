package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** IPv4 addresses per interface name. Enumeration may fail (netlink errors); callers apply §7.4 rule 4. */
@FunctionalInterface
interface Ipv4Lister {
    /**
     * What the JDK throws when getifaddrs(3) succeeded and listed no interface (a guest whose only
     * interface has no address, e.g. a fresh VM before DHCP): not a failure of enumeration.
     */
    String NO_INTERFACES = "No network interfaces configured";

    Map<String, List<String>> list() throws IOException;

    /**
     * The agent's lister: procfs where its answer is exact (one address per interface, the usual VM),
     * the JDK's enumeration otherwise ({@link ProcNetIpv4Lister}).
     */
    static Ipv4Lister system() {
        return new ProcNetIpv4Lister("/", jdk());
    }

    /** SIOCGIFCONF through java.net.NetworkInterface; alias labels (eth0:1) fold into their device. */
    static Ipv4Lister jdk() {
        return Jdk.INSTANCE;
    }

    /** {@link #jdk()}: a named class, not a lambda (no lambda runs in a metrics cycle, issue #17). */
    final class Jdk implements Ipv4Lister {
        static final Jdk INSTANCE = new Jdk();

        private Jdk() {
        }

        @Override
        public Map<String, List<String>> list() throws IOException {
            Map<String, List<String>> out = new HashMap<>();
            Enumeration<NetworkInterface> all;
            try {
                all = NetworkInterface.getNetworkInterfaces();
            } catch (SocketException e) {
                if (NO_INTERFACES.equals(e.getMessage())) {
                    return out; // a guest with no configured interface: a successful, empty answer
                }
                throw e;
            }
            if (all == null) {
                return out;
            }
            while (all.hasMoreElements()) {
                NetworkInterface ni = all.nextElement();
                String name = ni.getName();
                int colon = name.indexOf(':');
                String device = colon < 0 ? name : name.substring(0, colon);
                Enumeration<InetAddress> addrs = ni.getInetAddresses();
                while (addrs.hasMoreElements()) {
                    InetAddress a = addrs.nextElement();
                    if (a instanceof Inet4Address) {
                        List<String> l = out.get(device);
                        if (l == null) {
                            l = new ArrayList<>();
                            out.put(device, l);
                        }
                        String text = a.getHostAddress();
                        if (!l.contains(text)) {
                            l.add(text);
                        }
                    }
                }
            }
            return out;
        }
    }
}

package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.metrics.IpAddresses;

/**
 * Reportable addresses per interface, IPv4 before IPv6 (CONTRACT §7.4).
 *
 * <p>Rule 4: every message must carry the addresses, since a message without them resets the VM's
 * IPs on the host. So when enumeration throws, the last good result is reused for up to five
 * minutes; a successful but empty enumeration is reported as empty.
 */
final class AddressSource {
    static final long REUSE_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final String ifInet6Path;
    private final Ipv4Lister ipv4;
    private final LongSupplier nanoClock;
    private final System.Logger log;
    private final ProcFile file = new ProcFile(4096);
    private Map<String, List<String>> lastGood;
    private long lastGoodAt;
    private long failures;

    AddressSource(String root, Ipv4Lister ipv4, LongSupplier nanoClock) {
        this(root, ipv4, nanoClock, Logs.get(AddressSource.class));
    }

    AddressSource(String root, Ipv4Lister ipv4, LongSupplier nanoClock, System.Logger log) {
        this.ifInet6Path = root + "proc/net/if_inet6";
        this.ipv4 = ipv4;
        this.nanoClock = nanoClock;
        this.log = log;
    }

    Map<String, List<String>> current() {
        long now = nanoClock.getAsLong();
        try {
            Map<String, List<String>> fresh = enumerate();
            if (failures > 0) {
                log.log(System.Logger.Level.INFO, "address enumeration works again after {0} failed collection(s)",
                        failures);
                failures = 0;
            }
            lastGood = fresh;
            lastGoodAt = now;
            return fresh;
        } catch (IOException | RuntimeException e) {
            // one WARN when a run of failures starts, not one per collection (every 5 s at start-up)
            System.Logger.Level level = failures++ == 0 ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG;
            if (lastGood != null && now - lastGoodAt <= REUSE_NANOS) {
                log.log(level, "address enumeration failed, reusing previous result: {0}", e.toString());
                return lastGood;
            }
            log.log(level, "address enumeration failed, no recent result: {0}", e.toString());
            return Map.of();
        }
    }

    private Map<String, List<String>> enumerate() throws IOException {
        Map<String, List<String>> v4 = ipv4.list();
        Map<String, List<String>> v6;
        try {
            v6 = Ipv6Table.parse(file.load(ifInet6Path));
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            v6 = Map.of(); // IPv6 disabled in the kernel: a successful, empty answer
        }
        Map<String, List<String>> out = new HashMap<>();
        add(out, v4);
        add(out, v6);
        return out;
    }

    private static void add(Map<String, List<String>> out, Map<String, List<String>> in) {
        for (Map.Entry<String, List<String>> e : in.entrySet()) {
            for (String a : e.getValue()) {
                if (IpAddresses.isReportable(a)) {
                    List<String> l = out.get(e.getKey());
                    if (l == null) {
                        l = new ArrayList<>();
                        out.put(e.getKey(), l);
                    }
                    if (!l.contains(a)) {
                        l.add(a);
                    }
                }
            }
        }
    }
}

package org.infinibay.infiniservice.adapters.linux.metrics;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.domain.metrics.IpAddresses;

/**
 * Run by {@link Ipv4ListerNetnsTest} inside a network namespace. Without arguments: what the JDK says,
 * then what the lister says. With {@code scenarios IP}: builds interfaces with {@code ip} step by step
 * and prints, per step, {@code name|procfs|agent|jdk}: the procfs answer ({@code fallback} where it
 * declines), the agent's lister and the JDK's enumeration, each as the agent reports it (reportable
 * addresses only, interfaces without one left out).
 */
public final class Ipv4ListerProbe {
    private Ipv4ListerProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("scenarios")) {
            scenarios(args[1]);
            return;
        }
        try {
            NetworkInterface.getNetworkInterfaces();
            System.out.println("jdk: interfaces");
        } catch (SocketException e) {
            System.out.println("jdk: " + e.getMessage());
        }
        System.out.println("lister: " + Ipv4Lister.system().list());
    }

    /** The steps, each a list of {@code ip} invocations (arguments split on spaces). */
    static final String[][] STEPS = {
        {"empty"},
        {"lo-up", "link set lo up"},
        {"veth-pair", "link add v0 type veth peer name v1", "addr add 10.20.0.1/24 dev v0",
            "addr add 10.30.0.1/24 dev v1", "link set v0 up", "link set v1 up"},
        {"no-carrier-link-local", "link add w0 type veth peer name w1", "addr add 169.254.7.7/16 dev w0",
            "link set w0 up"},
        {"second-address", "addr add 10.20.0.2/24 dev v0"},
        {"alias-label", "addr del 10.20.0.2/24 dev v0", "addr add 10.40.0.1/24 dev v0 label v0:1"},
        {"down-with-address", "addr del 10.40.0.1/24 dev v0", "link add x0 type veth peer name x1",
            "addr add 10.50.0.1/24 dev x0"},
        {"host-address-without-route", "link del x0", "link add z0 type veth peer name z1",
            "addr add 192.0.2.77/32 dev z0", "link set z0 up"},
        {"one-subnet-on-two-interfaces", "link del z0", "link add y0 type veth peer name y1",
            "addr add 10.20.0.77/24 dev y0", "link set y0 up"},
        {"back-to-one-each", "link del y0"},
    };

    private static void scenarios(String ip) throws Exception {
        for (String[] step : STEPS) {
            for (int i = 1; i < step.length; i++) {
                List<String> cmd = new ArrayList<>();
                cmd.add(ip);
                cmd.addAll(List.of(step[i].split(" ")));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    System.out.println(step[0] + "|ip " + step[i] + " failed: " + out.strip());
                    return;
                }
            }
            String procfs;
            try {
                procfs = reported(new ProcNetIpv4Lister("/", () -> {
                    throw new Declined();
                }).list());
            } catch (Declined d) {
                procfs = "fallback";
            }
            System.out.println(step[0] + "|" + procfs + "|" + reported(Ipv4Lister.system().list()) + "|"
                    + reported(Ipv4Lister.jdk().list()));
        }
    }

    /** What AddressSource keeps of a lister's answer. */
    static String reported(Map<String, List<String>> in) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, List<String>> e : in.entrySet()) {
            List<String> kept = new ArrayList<>();
            for (String a : e.getValue()) {
                if (IpAddresses.isReportable(a) && !kept.contains(a)) {
                    kept.add(a);
                }
            }
            if (!kept.isEmpty()) {
                out.put(e.getKey(), kept);
            }
        }
        return out.toString();
    }

    /** Thrown by the probe's fallback: procfs declined to answer. */
    static final class Declined extends IOException {
        Declined() {
            super("declined");
        }
    }
}

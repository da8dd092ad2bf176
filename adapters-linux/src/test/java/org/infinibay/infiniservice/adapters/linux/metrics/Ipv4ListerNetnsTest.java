package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * In real network namespaces ({@code unshare --net}), against the JDK's enumeration of the same kernel
 * state. A guest with no configured interface (the QEMU e2e guest; a fresh VM before its NIC is up):
 * the JDK throws "No network interfaces configured", which is a successful empty enumeration, not a
 * failure (CONTRACT §7.4 rule 4 would otherwise keep a stale result and log a WARN every collection).
 * And interfaces built step by step with {@code ip}: the procfs lister answers exactly what the JDK
 * answers where it answers, and declines (the JDK answers) where procfs cannot be exact.
 */
class Ipv4ListerNetnsTest {

    @Test
    void noInterfaceAtAllIsAnEmptyAnswer() throws Exception {
        String out = probe();
        // the JDK's behaviour this guards against, seen in the same namespace
        assertEquals(List.of("jdk: " + Ipv4Lister.NO_INTERFACES, "lister: {}"), out.strip().lines().toList(), out);
    }

    @Test
    void onThisMachineTheAgentReportsWhatTheJdkReports() throws Exception {
        assertEquals(Ipv4ListerProbe.reported(Ipv4Lister.jdk().list()), Ipv4ListerProbe.reported(Ipv4Lister.system().list()));
    }

    /** Where procfs must answer by itself: one address per interface, or none. */
    private static final Set<String> PROCFS_ANSWERS = Set.of("empty", "lo-up", "veth-pair", "no-carrier-link-local",
            "back-to-one-each");

    @Test
    void stepByStepTheAgentReportsWhatTheJdkReports() throws Exception {
        String ip = null;
        for (String candidate : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(candidate))) {
                ip = candidate;
                break;
            }
        }
        assumeTrue(ip != null, "ip(8) needed");
        String out = probe("scenarios", ip);
        List<String> lines = out.strip().lines().toList();
        assumeTrue(!out.contains("failed: ") || !out.contains("veth"), "no veth support here: " + out);
        assertEquals(Ipv4ListerProbe.STEPS.length, lines.size(), out);
        List<String> declined = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\\|");
            assertEquals(4, f.length, line);
            assertEquals(f[3], f[2], "the agent's answer is the JDK's: " + line);
            if (PROCFS_ANSWERS.contains(f[0])) {
                assertEquals(f[3], f[1], "procfs answers by itself: " + line);
            } else {
                assertEquals("fallback", f[1], "procfs is not exact here and declines: " + line);
                declined.add(f[0]);
            }
        }
        assertEquals(List.of("second-address", "alias-label", "down-with-address", "host-address-without-route",
                "one-subnet-on-two-interfaces"), declined);
        // and what the steps built is what a guest reports
        assertEquals("veth-pair|{v0=[10.20.0.1], v1=[10.30.0.1]}|{v0=[10.20.0.1], v1=[10.30.0.1]}"
                + "|{v0=[10.20.0.1], v1=[10.30.0.1]}", lines.get(2));
    }

    private static String probe(String... args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare(1) needed");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/unshare", "--net", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-cp",
                classPath(), Ipv4ListerProbe.class.getName()));
        cmd.addAll(List.of(args));
        Process probe = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean done = probe.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            probe.destroyForcibly();
        }
        assumeTrue(done, "probe did not finish");
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(!out.contains("unshare failed") && !out.contains("Operation not permitted"),
                "no permission to create a network namespace here: " + out);
        assertEquals(0, probe.exitValue(), out);
        return out;
    }

    /** The probe, the lister and the domain (IpAddresses) it reports through. */
    private static String classPath() throws Exception {
        return location(Ipv4ListerProbe.class) + File.pathSeparator + location(Ipv4Lister.class) + File.pathSeparator
                + location(org.infinibay.infiniservice.domain.metrics.IpAddresses.class);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

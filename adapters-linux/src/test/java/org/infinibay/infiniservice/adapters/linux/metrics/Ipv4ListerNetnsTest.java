package org.infinibay.infiniservice.adapters.linux.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A guest with no configured interface (the QEMU e2e guest; a fresh VM before its NIC is up): the JDK
 * throws "No network interfaces configured", which is a successful empty enumeration, not a failure
 * (CONTRACT §7.4 rule 4 would otherwise keep a stale result and log a WARN every collection). Reproduced
 * in a real empty network namespace ({@code unshare --net}: only {@code lo}, down, no address).
 */
class Ipv4ListerNetnsTest {

    @Test
    void noInterfaceAtAllIsAnEmptyAnswer() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare(1) needed");
        Process probe = new ProcessBuilder("/usr/bin/unshare", "--net", "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto", "-cp",
                location(Ipv4ListerProbe.class) + File.pathSeparator + location(Ipv4Lister.class),
                Ipv4ListerProbe.class.getName())
                .redirectErrorStream(true).start();
        assumeTrue(probe.waitFor(60, TimeUnit.SECONDS), "probe did not finish");
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(!out.contains("unshare failed") && !out.contains("Operation not permitted"),
                "no permission to create a network namespace here: " + out);
        assertEquals(0, probe.exitValue(), out);
        // the JDK's behaviour this guards against, seen in the same namespace
        assertEquals(List.of("jdk: " + Ipv4Lister.NO_INTERFACES, "lister: {}"), out.strip().lines().toList(), out);
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}

package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.infinibay.infiniservice.bootstrap.hostsim.FaultInjectingLink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What ships is {@code bootstrap/target/modules}: the installers make the DEB, RPM and MSI from
 * exactly those jars, and {@code ./infiniservice} runs them. No class compiled from test sources
 * may be in them, and the host simulator they carry is only the honest one {@code demo} needs:
 * fault injection ({@code FaultInjecting*}, {@code FaultPlan}, {@code FaultCounters}), the
 * connecting {@code HostClient} and the test payload builders live in test sources. The second
 * test plants such classes in a copy of the bootstrap jar and shows that the check catches them.
 */
class ShippedJarsIT {
    private static final String HOSTSIM = "org/infinibay/infiniservice/bootstrap/hostsim/";

    /** The hostsim classes the product uses: {@code demo}'s simulator (also the systemd CI driver's). */
    private static final Set<String> SHIPPED_HOSTSIM = Set.of(
            HOSTSIM + "HostSimulator.class",
            HOSTSIM + "HostSimulator$Received.class",
            HOSTSIM + "HostEnd.class",
            HOSTSIM + "AgentLineLog.class",
            HOSTSIM + "Envelopes.class");

    @TempDir
    Path tmp;

    @Test
    void theShippedJarsCarryNoTestOnlyClass() throws Exception {
        Set<String> testClasses = testClassFiles();
        assertTrue(testClasses.contains("org/infinibay/infiniservice/it/ShippedJarsIT.class"), "test classes found");
        List<String> violations = new ArrayList<>();
        int jars = 0;
        Set<String> bootstrapHostsim = new HashSet<>();
        try (Stream<Path> files = Files.list(AgentProcess.modulesDir())) {
            for (Path jar : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                jars++;
                violations.addAll(testOnlyEntries(jar, testClasses));
                if (jar.getFileName().toString().startsWith("bootstrap-")) {
                    for (String e : entries(jar)) {
                        if (e.startsWith(HOSTSIM) && e.endsWith(".class")) {
                            bootstrapHostsim.add(e);
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
        // not vacuous: the jars were read, and the bootstrap jar still carries demo's simulator
        assertTrue(jars >= 7, "jars in " + AgentProcess.modulesDir() + ": " + jars);
        assertEquals(SHIPPED_HOSTSIM, bootstrapHostsim);
    }

    /** The planted violation: the same check on a bootstrap jar that fault injection leaked back into. */
    @Test
    void aFaultInjectionClassInAShippedJarIsCaught() throws Exception {
        Path real;
        try (Stream<Path> files = Files.list(AgentProcess.modulesDir())) {
            real = files.filter(p -> p.getFileName().toString().startsWith("bootstrap-")).findFirst().orElseThrow();
        }
        Path planted = tmp.resolve("bootstrap-planted.jar");
        String link = HOSTSIM + "FaultInjectingLink.class";
        String process = "org/infinibay/infiniservice/it/AgentProcess.class";
        try (ZipFile in = new ZipFile(real.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(planted))) {
            Enumeration<? extends ZipEntry> e = in.entries();
            while (e.hasMoreElements()) {
                ZipEntry entry = e.nextElement();
                copy(in.getInputStream(entry), entry.getName(), out);
            }
            copy(FaultInjectingLink.class.getResourceAsStream("FaultInjectingLink.class"), link, out);
            copy(AgentProcess.class.getResourceAsStream("AgentProcess.class"), process, out);
        }
        assertEquals(List.of(), testOnlyEntries(real, testClassFiles()), "the real jar is clean");
        assertEquals(List.of(
                        planted.getFileName() + ": " + link + " is compiled from test sources",
                        planted.getFileName() + ": " + link + " is a host simulator class demo does not use",
                        planted.getFileName() + ": " + process + " is compiled from test sources"),
                testOnlyEntries(planted, testClassFiles()));
    }

    /** The entries of {@code jar} that must not ship, each with the rule it breaks. */
    static List<String> testOnlyEntries(Path jar, Set<String> testClasses) throws IOException {
        List<String> violations = new ArrayList<>();
        for (String e : entries(jar)) {
            if (testClasses.contains(e)) {
                violations.add(jar.getFileName() + ": " + e + " is compiled from test sources");
            }
            if (e.startsWith(HOSTSIM) && e.endsWith(".class") && !SHIPPED_HOSTSIM.contains(e)) {
                violations.add(jar.getFileName() + ": " + e + " is a host simulator class demo does not use");
            }
        }
        return violations;
    }

    private static List<String> entries(Path jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> e = z.entries();
            while (e.hasMoreElements()) {
                names.add(e.nextElement().getName());
            }
        }
        return names;
    }

    /** Every class file in the test output directory, as jar entry names. */
    private static Set<String> testClassFiles() throws IOException, URISyntaxException {
        Path root = Path.of(ShippedJarsIT.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".class"))
                    .forEach(p -> names.add(root.relativize(p).toString().replace('\\', '/')));
        }
        return names;
    }

    private static void copy(InputStream in, String name, ZipOutputStream out) throws IOException {
        try (in) {
            out.putNextEntry(new ZipEntry(name));
            in.transferTo(out);
            out.closeEntry();
        }
    }
}

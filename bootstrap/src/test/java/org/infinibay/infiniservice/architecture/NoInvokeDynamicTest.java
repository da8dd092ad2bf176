package org.infinibay.infiniservice.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import archfixture.indy.PlantedLambda;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.posix.shell.PosixShells;
import org.infinibay.infiniservice.adapters.serial.InstanceLock;
import org.infinibay.infiniservice.bootstrap.Main;
import org.junit.jupiter.api.Test;

/**
 * No invokedynamic in the main classes of adapters-linux, adapters-posix, adapters-serial and bootstrap, except in
 * the cold-path classes listed below (issue #17). The first lambda or method reference the agent runs loads the
 * LambdaMetafactory machinery (~90 classes for its life), a record's generated equals/hashCode/toString links
 * through ObjectMethods; the start-up path, a metrics cycle, keep-alive handling, the verification and dispatch of a
 * signed command and the pending-scripts poll must run none of them. The project compiles with
 * {@code -XDstringConcat=inline}, so string concatenation is no invokedynamic.
 *
 * <p>Lives in bootstrap's tests because the project has no shared test-support module; it scans the four modules'
 * compiled classes (their {@code target/classes}, or their jars after {@code package}), found through the code
 * source of one class of each, as they are on this module's test class path. {@link ClassFileScan} reads the
 * constant pools (tag 18, CONSTANT_InvokeDynamic).
 */
class NoInvokeDynamicTest {
    private static final String P = "org.infinibay.infiniservice.";

    /** Cold-path classes that may keep an invokedynamic, each with why it never runs on the steady path. */
    static final Set<String> ALLOWED = Set.of(
            // --- records: the generated equals/hashCode/toString link (ObjectMethods) only when called; none of
            // these is a map key, a set element, compared or printed on the steady path (ProcfsPortSource.Key is,
            // and has them written out)
            P + "adapters.linux.exec.Cgroups$Detection",
            P + "adapters.linux.exec.ProcStat",
            P + "adapters.linux.self.Auxv",
            P + "adapters.linux.metrics.StatfsProbe$Sizes",
            P + "adapters.linux.metrics.MountEntry",
            P + "adapters.linux.metrics.SockStat",
            P + "adapters.linux.metrics.ProcfsProcessSource$Identity",
            P + "adapters.linux.metrics.SocketTable$Row",
            P + "adapters.linux.apps.DesktopEntry",
            P + "adapters.linux.apps.PackageRef",
            P + "adapters.linux.apps.AppLocations",
            P + "adapters.linux.system.LinuxSystemFactsSource$Fixed",
            P + "adapters.linux.system.LinuxSystemFactsSource$Installed",
            P + "adapters.linux.system.OsRelease",
            P + "adapters.serial.channel.OpenDevice",
            P + "adapters.serial.discovery.DiscoveryResult$Found",
            P + "adapters.serial.discovery.DiscoveryResult$NotFound",
            P + "bootstrap.config.FlatToml$Entry",
            P + "bootstrap.config.GuestDefaults",
            P + "bootstrap.config.ConfigurationLoader$CliValues",
            P + "bootstrap.config.Configuration", // toString written out (logged); equals/hashCode never called
            P + "bootstrap.config.ConfigFile$Scalar", // toString written out (error messages)
            P + "bootstrap.wiring.ActionsModule$OptionalPorts",
            P + "bootstrap.policy.PolicyLocation",
            // --- a command's own work, after verification and dispatch: killing a launched program's tree, the
            // cleanup, golden-image and service-listing actions, a missing program's error
            P + "adapters.linux.exec.LinuxLaunchedProcess",
            P + "adapters.linux.actions.Commands",
            P + "adapters.linux.actions.OpenFiles",
            P + "adapters.linux.actions.LinuxGoldenImagePreparer",
            P + "adapters.linux.actions.SystemdServiceManager",
            // --- demo and the host simulator (demo, tests), diagnose
            P + "bootstrap.hostsim.AgentLineLog",
            P + "bootstrap.hostsim.HostSimulator",
            P + "bootstrap.hostsim.HostSimulator$Received",
            P + "bootstrap.hostsim.HostEnd",
            P + "bootstrap.cli.DemoCommand",
            P + "bootstrap.cli.DiagnoseCommand",
            P + "bootstrap.diagnose.Diagnostics",
            P + "bootstrap.diagnose.ServiceState",
            P + "bootstrap.os.GuestSystem", // devices() and serviceState(): diagnose only
            // --- Windows only (a Linux agent never loads them)
            P + "bootstrap.os.windows.WindowsServiceBoot",
            P + "bootstrap.os.windows.WindowsChannelModule",
            P + "bootstrap.os.windows.WindowsModule");

    /** The four modules' main classes, each located through one of its classes. */
    static List<Path> scanned() {
        return List.of(ClassFileScan.codeSource(ProcfsSystemMetricsSource.class),
                ClassFileScan.codeSource(PosixShells.class),
                ClassFileScan.codeSource(InstanceLock.class),
                ClassFileScan.codeSource(Main.class));
    }

    static List<String> violations(Path classes, Set<String> allowed) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : ClassFileScan.invokeDynamics(classes).entrySet()) {
            if (!allowed.contains(e.getKey())) {
                out.add(e.getKey() + " (" + e.getValue() + " invokedynamic)");
            }
        }
        return out;
    }

    @Test
    void noInvokeDynamicOutsideTheColdPathAllowList() throws IOException {
        List<String> all = new ArrayList<>();
        int classesWithIndy = 0;
        for (Path classes : scanned()) {
            all.addAll(violations(classes, ALLOWED));
            classesWithIndy += ClassFileScan.invokeDynamics(classes).size();
        }
        assertEquals(List.of(), all, "invokedynamic (a lambda, method reference, stream callback or record method) "
                + "in a class that may run on the steady path: rewrite it, or add it to ALLOWED with why it is cold");
        assertTrue(classesWithIndy > 0, "the scan read the modules' classes (the allowed ones have some)");
    }

    @Test
    void everyAllowedClassStillExistsWithAnInvokeDynamic() throws IOException {
        List<String> found = new ArrayList<>();
        for (Path classes : scanned()) {
            found.addAll(ClassFileScan.invokeDynamics(classes).keySet());
        }
        List<String> stale = new ArrayList<>();
        for (String a : ALLOWED) {
            if (!found.contains(a)) {
                stale.add(a);
            }
        }
        assertEquals(List.of(), stale, "allow-list entries without an invokedynamic any more: remove them");
    }

    /** The planted violation: a test-fixture class with one lambda is found, and not once allowed. */
    @Test
    void aPlantedLambdaIsAViolation() throws IOException {
        Path testClasses = ClassFileScan.codeSource(PlantedLambda.class);
        List<String> v = violations(testClasses, ALLOWED);
        assertTrue(v.contains("archfixture.indy.PlantedLambda (1 invokedynamic)"), v.toString());
        assertTrue(violations(testClasses, Set.of("archfixture.indy.PlantedLambda")).stream()
                .noneMatch(s -> s.startsWith("archfixture.indy.PlantedLambda ")), "the allow-list lets a class pass");
        assertTrue(v.stream().noneMatch(s -> s.startsWith("archfixture.indy.PlantedPlain ")),
                "string concatenation compiles inline, no invokedynamic");
        try (InputStream in = PlantedLambda.class.getResourceAsStream("PlantedLambda.class")) {
            assertEquals(1, ClassFileScan.count(in));
        }
    }
}

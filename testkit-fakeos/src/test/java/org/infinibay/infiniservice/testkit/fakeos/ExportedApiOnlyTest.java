package org.infinibay.infiniservice.testkit.fakeos;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What "compiled against the exported API only" means for a guest OS module, shown with the compiler
 * itself on a probe module declared as testkit-fakeos is ({@code requires} the application and bootstrap,
 * nothing else of the product): it may use the ports and bootstrap's exported wiring API, and does not
 * compile when it reaches a service of the core (exported to bootstrap alone), bootstrap's own wiring, or
 * an adapter module. The refusals are the planted violations that show the boundary can fail.
 */
class ExportedApiOnlyTest {
    /** bootstrap's module and every module it requires, found where the test's class path has them. */
    private static final List<String> MODULE_PATH_CLASSES = List.of(
            "org.infinibay.infiniservice.domain.json.JsonObject",
            "org.infinibay.infiniservice.application.port.out.StateStore",
            "org.infinibay.infiniservice.bootstrap.Agents",
            "org.infinibay.infiniservice.adapters.serial.HostChannels",
            "org.infinibay.infiniservice.adapters.posix.state.FileStateStore",
            "org.infinibay.infiniservice.adapters.linux.exec.LinuxProcessLauncher",
            "com.fasterxml.jackson.core.JsonFactory",
            "com.fasterxml.jackson.databind.ObjectMapper",
            "com.fasterxml.jackson.annotation.JsonProperty",
            "com.fasterxml.jackson.dataformat.toml.TomlMapper",
            "dagger.Component",
            "jakarta.inject.Inject",
            "picocli.CommandLine");

    @TempDir
    Path tmp;

    private static String modulePath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (String name : MODULE_PATH_CLASSES) {
            Class<?> c = Class.forName(name, false, ExportedApiOnlyTest.class.getClassLoader());
            String entry = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            if (!entries.contains(entry)) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Compiles a module that requires what testkit-fakeos requires, with one import; the compiler's output in {@code out}. */
    private boolean compiles(String importLine, ByteArrayOutputStream out) throws Exception {
        Path src = Files.createTempDirectory(tmp, "src");
        Files.writeString(src.resolve("module-info.java"), "module probe {\n"
                + "    requires org.infinibay.infiniservice.application;\n"
                + "    requires org.infinibay.infiniservice.bootstrap;\n}\n");
        Path pkg = Files.createDirectories(src.resolve("probe"));
        Files.writeString(pkg.resolve("Probe.java"), "package probe;\n" + importLine + "\npublic class Probe {}\n");
        ToolProvider javac = ToolProvider.findFirst("javac").orElseThrow();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return javac.run(print, print, "-proc:none", "--module-path", modulePath(),
                "-d", Files.createTempDirectory(tmp, "out").toString(),
                src.resolve("module-info.java").toString(), pkg.resolve("Probe.java").toString()) == 0;
    }

    private void visible(String type) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(compiles("import " + type + ";", out), type + " must be usable: " + out);
    }

    private void hidden(String type) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertFalse(compiles("import " + type + ";", out), type + " must not be reachable");
        String why = out.toString(StandardCharsets.UTF_8);
        assertTrue(why.contains("is not visible") || why.contains("does not export") || why.contains("does not read"),
                why);
    }

    @Test
    void aGuestModuleSeesThePortsAndTheGuestApi() throws Exception {
        visible("org.infinibay.infiniservice.application.port.out.StateStore");
        visible("org.infinibay.infiniservice.application.port.out.os.ServiceManager");
        visible("org.infinibay.infiniservice.domain.metrics.ProcessMetric");
        visible("org.infinibay.infiniservice.bootstrap.guest.GuestOs");
        visible("org.infinibay.infiniservice.bootstrap.os.serial.SerialModule");
    }

    @Test
    void aGuestModuleCannotReachTheCoresServices() throws Exception {
        hidden("org.infinibay.infiniservice.application.service.agent.AgentService");
        hidden("org.infinibay.infiniservice.application.service.command.CommandService");
    }

    @Test
    void aGuestModuleCannotReachBootstrapsWiringOrAnAdapter() throws Exception {
        hidden("org.infinibay.infiniservice.bootstrap.wiring.Assembly");
        hidden("org.infinibay.infiniservice.bootstrap.os.linux.LinuxGuest");
        hidden("org.infinibay.infiniservice.adapters.serial.HostChannels");
        hidden("org.infinibay.infiniservice.adapters.posix.state.FileStateStore");
    }
}

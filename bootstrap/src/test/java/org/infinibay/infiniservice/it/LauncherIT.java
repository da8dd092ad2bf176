package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's own promises ({@code ./infiniservice}, README), on a copy of the repository's
 * launcher, tools and this build's jars in a temporary tree, so that linking there leaves the
 * build's own {@code bootstrap/target/runtime} alone:
 * <ul>
 *   <li>a JDK without jlink/jdeps cannot link the runtime image: the agent still starts, from the
 *       module path, and says so;</li>
 *   <li>two launchers started at once right after a build link the runtime once (the second waits
 *       for the first instead of relinking the same directory under it), and both start the agent.</li>
 * </ul>
 */
class LauncherIT {
    @TempDir
    Path tmp;

    private Path tree;

    @BeforeEach
    void copyTheLauncher() throws IOException {
        Assumptions.assumeFalse(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows"),
                "no bash launcher on Windows");
        Path modules = AgentProcess.modulesDir();
        Path root = AgentProcess.repositoryRoot();
        tree = tmp.resolve("repo");
        Files.createDirectories(tree.resolve("tools"));
        Files.createDirectories(tree.resolve("bootstrap/target/modules"));
        copy(root.resolve("infiniservice"), tree.resolve("infiniservice"));
        copy(root.resolve("bootstrap/jvm.options"), tree.resolve("bootstrap/jvm.options"));
        for (String tool : List.of("link-runtime.sh", "record-cds.sh")) {
            copy(root.resolve("tools").resolve(tool), tree.resolve("tools").resolve(tool));
        }
        try (Stream<Path> jars = Files.list(modules)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                copy(jar, tree.resolve("bootstrap/target/modules").resolve(jar.getFileName()));
            }
        }
    }

    @Test
    void withoutJlinkTheAgentStartsFromTheModulePath() throws Exception {
        // a JAVA_HOME with java, jar and javac but no jdeps/jlink
        Path jdk = Path.of(System.getProperty("java.home"));
        Path fake = Files.createDirectories(tmp.resolve("jdk-without-jlink/bin"));
        for (String tool : List.of("java", "jar", "javac")) {
            Files.createSymbolicLink(fake.resolve(tool), jdk.resolve("bin").resolve(tool));
        }
        Run r = start(fake.getParent());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.stdout().startsWith("InfiniService "), r.output());
        assertTrue(r.stderr().contains("runtime image not linked; running from the module path instead"), r.output());
        assertTrue(!Files.exists(tree.resolve("bootstrap/target/runtime/bin/java")), "no runtime image was linked");
    }

    @Test
    void twoLaunchersAtOnceLinkTheRuntimeOnce() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        Assumptions.assumeTrue(Files.isExecutable(jdk.resolve("bin/jlink")), "this JDK has no jlink");
        Process first = process(jdk, "first");
        Process second = process(jdk, "second");
        Run a = finish(first, "first");
        Run b = finish(second, "second");
        assertEquals(0, a.exit(), a.output());
        assertEquals(0, b.exit(), b.output());
        assertTrue(a.stdout().startsWith("InfiniService ") && b.stdout().startsWith("InfiniService "),
                a.output() + b.output());
        String both = a.stderr() + b.stderr();
        assertEquals(1, count(both, "linking the runtime image"), both);
        assertTrue(Files.isExecutable(tree.resolve("bootstrap/target/runtime/bin/java")), both);
        // and a later start finds it linked
        Run c = start(jdk);
        assertEquals(0, c.exit(), c.output());
        assertEquals(0, count(c.stderr(), "linking the runtime image"), c.output());
    }

    private record Run(int exit, String stdout, String stderr) {
        String output() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private Run start(Path javaHome) throws Exception {
        return finish(process(javaHome, "one"), "one");
    }

    private Process process(Path javaHome, String name) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("bash", tree.resolve("infiniservice").toString(), "--version"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve(name + ".out").toFile())
                .redirectError(tmp.resolve(name + ".err").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("INFINISERVICE_"));
        pb.environment().put("JAVA_HOME", javaHome.toString());
        pb.environment().put("INFINISERVICE_CDS", "off");
        return pb.start();
    }

    private Run finish(Process p, String name) throws Exception {
        // linking takes ~20 s on a quiet machine; the second launcher waits for it
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return new Run(p.isAlive() ? -1 : p.exitValue(),
                Files.readString(tmp.resolve(name + ".out"), StandardCharsets.UTF_8),
                Files.readString(tmp.resolve(name + ".err"), StandardCharsets.UTF_8));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            n++;
        }
        return n;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to);
        to.toFile().setExecutable(Files.isExecutable(from));
    }
}

package org.infinibay.infiniservice.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real agent as a separate JVM started from the module path that {@code mvn package} built,
 * with the shipped lean JVM flags.
 */
public final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path modulesDir() {
        Path p = Path.of(System.getProperty("infiniservice.modules", "target/modules")).toAbsolutePath();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("no built modules at " + p + " (run mvn package first)");
        }
        return p;
    }

    public static List<String> javaCommand(List<String> args) {
        return javaCommand(List.of("-XX:+UseSerialGC", "-Xss256k", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-XX:-UsePerfData"), args);
    }

    public static List<String> javaCommand(List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-p", modulesDir().toString()));
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            // bootstrap requires the Windows adapter only statically (as the MSI's argfile says)
            cmd.addAll(List.of("--add-modules", "org.infinibay.infiniservice.adapters.windows"));
        }
        cmd.addAll(List.of("-m", "org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main"));
        cmd.addAll(args);
        return cmd;
    }

    /** The JVM options the agent ships with ({@code bootstrap/jvm.options}), read as ./infiniservice reads them. */
    public static List<String> shippedJvmOptions() throws IOException {
        Path file = Path.of("jvm.options");
        if (!Files.isRegularFile(file)) {
            file = Path.of("bootstrap", "jvm.options"); // run from the repository root
        }
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            int hash = line.indexOf('#');
            String option = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!option.isEmpty()) {
                out.add(option);
            }
        }
        return out;
    }

    public static AgentProcess start(List<String> args, Map<String, String> env, Path workDir) throws IOException {
        return start(null, args, env, workDir);
    }

    /** @param jvmOptions the JVM's options, or null for the tests' usual lean set */
    public static AgentProcess start(List<String> jvmOptions, List<String> args, Map<String, String> env, Path workDir)
            throws IOException {
        return startCommand(jvmOptions == null ? javaCommand(args) : javaCommand(jvmOptions, args), env, workDir);
    }

    /**
     * The runtime image the packages ship, linked from the built modules by {@code tools/link-runtime.sh}
     * into {@code out} (a copy of the build's one linked image: the first caller per build links).
     */
    public static Path linkedRuntime(Path out) throws IOException, InterruptedException {
        Path root = repositoryRoot();
        run(List.of(root.resolve("tools/link-runtime.sh").toString(), modulesDir().toString(), out.toString()), root);
        if (!Files.isExecutable(out.resolve("bin/java"))) {
            throw new IOException("link-runtime.sh made no runtime at " + out);
        }
        return out;
    }

    /** The repository root: the built modules are its {@code bootstrap/target/modules}. */
    public static Path repositoryRoot() {
        return modulesDir().getParent().getParent().getParent();
    }

    /**
     * The agent's class-data archive for {@code runtime}, recorded as the packages record it
     * ({@code tools/record-cds.sh}: the service's steady state, then a static dump) into {@code jsa}.
     */
    public static Path recordedArchive(Path runtime, Path jsa) throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Path script = root.resolve("tools/record-cds.sh");
        Path options = root.resolve("bootstrap/jvm.options");
        Path list = jsa.resolveSibling(jsa.getFileName() + ".classlist");
        String java = runtime.resolve("bin/java").toString();
        run(List.of(script.toString(), "classlist", java, "-", options.toString(), list.toString()), root);
        run(List.of(script.toString(), "archive", java, "-", options.toString(), list.toString(), jsa.toString()), root);
        return jsa;
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(command.get(0) + " " + command.get(1) + " failed: " + output);
        }
    }

    /** The agent from a linked runtime image, with {@code -m} alone (as the packages start it). */
    public static List<String> linkedCommand(Path runtime, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(runtime.resolve("bin/java").toString());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-m", "org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main"));
        cmd.addAll(args);
        return cmd;
    }

    /** Starts {@code command}; the agent's secret, VM id and device come from {@code env} only. */
    public static AgentProcess startCommand(List<String> command, Map<String, String> env, Path workDir)
            throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("agent-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().remove("INFINISERVICE_SHARED_SECRET");
        pb.environment().remove("INFINIBAY_VM_ID");
        pb.environment().remove("INFINISERVICE_DEVICE");
        pb.environment().putAll(env);
        return new AgentProcess(pb.start(), log);
    }

    public Process process() {
        return process;
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** The peak resident set size so far (VmHWM), in KiB; -1 once the process is gone. */
    public long peakRssKiB() {
        return status("VmHWM:");
    }

    /** The resident set size now (VmRSS), in KiB; -1 once the process is gone. */
    public long rssKiB() {
        return status("VmRSS:");
    }

    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no last sync. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    public boolean waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

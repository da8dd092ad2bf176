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
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xss256k", "-XX:TieredStopAtLevel=1", "-Xmx64m", "-XX:-UsePerfData",
                "-p", modulesDir().toString()));
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            // bootstrap requires the Windows adapter only statically (as the MSI's argfile says)
            cmd.addAll(List.of("--add-modules", "org.infinibay.infiniservice.adapters.windows"));
        }
        cmd.addAll(List.of("-m", "org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main"));
        cmd.addAll(args);
        return cmd;
    }

    public static AgentProcess start(List<String> args, Map<String, String> env, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        Path log = workDir.resolve("agent-" + System.nanoTime() + ".log");
        ProcessBuilder pb = new ProcessBuilder(javaCommand(args)).redirectErrorStream(true)
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

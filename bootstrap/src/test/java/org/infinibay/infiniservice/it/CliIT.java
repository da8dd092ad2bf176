package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.serial.json.JacksonJsonCodec;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: metrics --once, diagnose, --version, unknown arguments, single instance. */
class CliIT {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(AgentProcess.javaCommand(List.of(args)));
        pb.environment().remove("INFINISERVICE_SHARED_SECRET");
        pb.environment().remove("INFINISERVICE_DEVICE");
        pb.environment().putAll(env);
        pb.redirectOutput(tmp.resolve("out.txt").toFile()).redirectError(tmp.resolve("err.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "command finished");
        return new Result(p.exitValue(), java.nio.file.Files.readString(tmp.resolve("out.txt"), StandardCharsets.UTF_8),
                java.nio.file.Files.readString(tmp.resolve("err.txt")));
    }

    @Test
    void metricsOncePrintsExactlyOneConformingLine() throws Exception {
        Result r = run(Map.of(), "metrics", "--once", "--state-dir", tmp.resolve("s").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith("\n"));
        String[] lines = r.out().split("\n");
        assertEquals(1, lines.length);
        JsonObject line = (JsonObject) new JacksonJsonCodec().parse(lines[0]);
        assertEquals(List.of(), WireRules.framing(lines[0], line));
        assertEquals(List.of(), WireRules.metrics(line));
        assertTrue(lines[0].length() < 1024 * 1024);
    }

    @Test
    void diagnoseReportsWithoutRevealingTheSecret() throws Exception {
        String secret = AgentHarness.SECRET;
        Path sock = tmp.resolve("h.sock");
        try (var host = new org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator(sock, secret)) {
            Result ok = run(Map.of("INFINISERVICE_SHARED_SECRET", secret), "diagnose", "--device", "unix:" + sock,
                    "--state-dir", tmp.resolve("s").toString());
            assertEquals(0, ok.code(), ok.out() + ok.err());
            assertTrue(ok.out().contains("secret:        present"));
            assertFalse(ok.out().contains(secret) || ok.err().contains(secret));
            // which containment programs get (docs/execution.md): this machine has cgroup hierarchies
            assertTrue(ok.out().contains("containment:   " + ("root".equals(System.getProperty("user.name"))
                    ? "cgroup" : "process group and session only (DEGRADED")), ok.out());
        }
        Result noSecret = run(Map.of(), "--diagnose", "--device", "/nonexistent/port",
                "--state-dir", tmp.resolve("s").toString());
        assertEquals(1, noSecret.code());
        assertTrue(noSecret.out().contains("NOT SET") && noSecret.out().contains("METRICS-ONLY"), noSecret.out());
        assertTrue(noSecret.out().contains("PROBLEMS"));
    }

    @Test
    void versionAndUnknownArgumentsAndBadConfiguration() throws Exception {
        Result v = run(Map.of(), "--version");
        assertEquals(0, v.code());
        assertTrue(v.out().startsWith("InfiniService 0.1.0"));
        Result bad = run(Map.of(), "run", "--interval", "0", "--state-dir", tmp.resolve("s").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--interval") && bad.err().contains("1-60"), bad.err());
        Result badEnv = run(Map.of("INFINISERVICE_COLLECTION_INTERVAL", "abc"), "metrics", "--state-dir",
                tmp.resolve("s").toString());
        assertEquals(2, badEnv.code());
        assertTrue(badEnv.err().contains("INFINISERVICE_COLLECTION_INTERVAL"), badEnv.err());
        // installers pass flags this agent does not know (CONTRACT §1.6): they are ignored
        Result unknown = run(Map.of(), "metrics", "--ping-pong", "--state-dir", tmp.resolve("s").toString());
        assertEquals(0, unknown.code(), unknown.err());
    }

    @Test
    void aSecondInstanceRefusesToStart() throws Exception {
        Path sock = tmp.resolve("h.sock");
        try (var host = new org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator(sock, AgentHarness.SECRET);
             AgentProcess first = AgentProcess.start(List.of("run", "--device", "unix:" + sock, "--state-dir",
                     tmp.resolve("s").toString()), Map.of(), tmp)) {
            host.awaitConnection(1, Duration.ofSeconds(20));
            Result second = run(Map.of(), "run", "--device", "unix:" + sock, "--state-dir", tmp.resolve("s").toString());
            assertEquals(3, second.code(), second.err());
            assertTrue(second.err().contains("another InfiniService instance is running"), second.err());
            assertTrue(first.process().isAlive());
        }
    }

    /**
     * The systemd unit starts `run` alone (everything else from config.toml and the environment):
     * that path skips Picocli, whose classes cannot be archived and would stay resident
     * (docs/performance.md); it must still be the whole agent. Any other command line parses.
     */
    @Test
    void theServiceInvocationRunsTheAgentWithoutTheCommandLineParser() throws Exception {
        Path sock = tmp.resolve("h.sock");
        Path serviceClasses = tmp.resolve("service-classes.log");
        try (var host = new org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator(sock, AgentHarness.SECRET);
             AgentProcess agent = AgentProcess.start(List.of("run"), Map.of(
                     "INFINISERVICE_DEVICE", "unix:" + sock,
                     "INFINISERVICE_STATE_DIR", tmp.resolve("s").toString(),
                     "INFINISERVICE_SHARED_SECRET", AgentHarness.SECRET,
                     "INFINIBAY_VM_ID", AgentHarness.VM_ID,
                     "INFINISERVICE_COLLECTION_INTERVAL", "1",
                     "JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + serviceClasses), tmp)) {
            host.awaitConnection(1, Duration.ofSeconds(20));
            host.awaitType("handshake", Duration.ofSeconds(20));
            host.awaitType("metrics", Duration.ofSeconds(20));
            host.sendSigned("{\"type\":\"keep_alive_request\",\"sequence_number\":7,\"timestamp\":\"x\"}");
            JsonObject keepAlive = host.awaitType("keep_alive", Duration.ofSeconds(10)).json();
            assertEquals(7L, keepAlive.integer("sequence_number").orElse(-1L));
        }
        String loaded = java.nio.file.Files.readString(serviceClasses);
        assertTrue(loaded.contains("org.infinibay.infiniservice.bootstrap.cli.RunCommand"), "class log was written");
        assertFalse(loaded.contains(" picocli."), "the service invocation loaded Picocli");

        Path cliClasses = tmp.resolve("cli-classes.log");
        Result once = run(Map.of("JDK_JAVA_OPTIONS", "-Xlog:class+load=info:file=" + cliClasses),
                "metrics", "--once", "--state-dir", tmp.resolve("s2").toString());
        assertEquals(0, once.code(), once.err());
        assertTrue(java.nio.file.Files.readString(cliClasses).contains(" picocli."), "other command lines are parsed");
    }

    static List<String> args(String... a) {
        return new ArrayList<>(List.of(a));
    }
}

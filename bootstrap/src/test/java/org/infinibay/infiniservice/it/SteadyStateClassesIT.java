package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The classes the real agent has loaded in its steady state (issue #17, round 5): started with the
 * JVM flags it ships with, on its production channel's code path (a raw pseudo-terminal that socat
 * joins to the host simulator, read as the virtio port is read), through metrics cycles, one signed
 * keep-alive and the cycles after it. None of the JDK machineries that cost tens of classes each may
 * have loaded: the lambda machinery, regex, streams, the JCA providers, the {@code System.getLogger}
 * lookup, {@code java.util.logging} (see {@link #MACHINERIES}). Each was loaded by the agent before
 * round 5's last phase; every VM pays ~7 KiB of resident memory per class. Then the host's first signed
 * command, nearly always {@code SystemInfo}: it builds the safe-action set, and what it loads stays for the
 * agent's life, so none of the machineries may load then either (before: 232 classes, the lambda machinery
 * through the image reader's inflater and StandardHealthChecks, regex and java.time.format through
 * AptPackageManager's static patterns; now ~100 classes, the agent's own action classes).
 *
 * <p>It runs as the packages run it: on the runtime image they ship (the agent's modules linked in,
 * {@code -m} alone; on a module path the JVM's own boot spins lambdas and streams to scan the jars)
 * with the class-data archive recorded at installation. The class count
 * itself is judged by {@code tools/bench.sh}, against a trivial JVM measured in the same run; this
 * test prints it for reference.
 */
class SteadyStateClassesIT extends AgentHarness {

    /** A class that marks a machinery, and what loading it means. */
    static final Map<String, String> MACHINERIES = new LinkedHashMap<>();

    static {
        MACHINERIES.put("java.lang.invoke.LambdaMetafactory",
                "a lambda or method reference ran (the metafactory, ASM and java.lang.constant: ~90 classes)");
        MACHINERIES.put("java.lang.runtime.ObjectMethods",
                "a record's generated toString/equals/hashCode ran (an invokedynamic: the method-handle machinery)");
        MACHINERIES.put("java.util.regex.Pattern", "a regular expression was compiled (~40 classes and its own lambdas)");
        MACHINERIES.put("java.util.stream.ReferencePipeline", "a stream ran (~26 classes)");
        MACHINERIES.put("java.security.Provider",
                "the JCA: MessageDigest/Mac/SecureRandom.getInstance (providers, services: ~60 classes)");
        MACHINERIES.put("jdk.internal.logger.LazyLoggers",
                "System.getLogger: the LoggerFinder lookup (ServiceLoader, security properties: ~140 classes)");
        MACHINERIES.put("java.util.logging.LogManager", "java.util.logging was initialised (Windows only)");
    }

    private Process bridge;

    @AfterEach
    void stopBridge() throws InterruptedException {
        if (bridge != null) {
            bridge.destroy();
            if (!bridge.waitFor(5, TimeUnit.SECONDS)) {
                bridge.destroyForcibly();
            }
        }
    }

    @Test
    void noMachineryLoadsInTheSteadyStateOfTheProductionChannelNorForAFirstSystemInfo() throws Exception {
        HostSimulator h = host();
        Path port = tmp.resolve("vport");
        bridge = socatPty(port, h.socketPath());
        Path classLog = tmp.resolve("classes.log");
        List<String> jvm = new ArrayList<>(AgentProcess.shippedJvmOptions());
        jvm.add("-Xlog:class+load=info,class+unload=info:file=" + classLog + ":uptime,tags");
        Map<String, String> env = new HashMap<>();
        // as the systemd unit starts it: `run` alone, the rest from the environment and the shipped config.toml
        env.put("INFINIBAY_VM_ID", VM_ID);
        env.put("INFINISERVICE_SHARED_SECRET", SECRET);
        env.put("INFINISERVICE_DEVICE", port.toString());
        env.put("INFINISERVICE_COLLECTION_INTERVAL", "1");
        env.put("INFINISERVICE_STATE_DIR", tmp.resolve("state").toString());
        env.put("INFINISERVICE_CONFIG", AgentProcess.repositoryRoot().resolve("installers/src/linux/config.toml").toString());
        Path runtime = AgentProcess.linkedRuntime(tmp.resolve("runtime"));
        // with the class-data archive the service records at installation: without one, each of the
        // agent's classes is read from the image by the JDK's jimage reader, whose own lambda loads
        // the machinery (that happens once the first class outside the archive loads: a first command)
        Path jsa = AgentProcess.recordedArchive(runtime, tmp.resolve("agent.jsa"));
        jvm.add("-XX:SharedArchiveFile=" + jsa);
        jvm.add("-Xshare:on"); // fails to start rather than run without the archive
        // -Dsteadystate.jvm="-agentpath:.../libloadcause.so=/dir/causes.txt" (tools/bench/loadcause.c) names
        // the code that loaded each class; -Dsteadystate.keep=DIR keeps the class+load log
        String extra = System.getProperty("steadystate.jvm", "");
        if (!extra.isBlank()) {
            jvm.add(extra.strip());
        }
        AgentProcess agent = AgentProcess.startCommand(AgentProcess.linkedCommand(runtime, jvm, List.of("run")), env, tmp);
        agents.add(agent);

        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(15));
        h.awaitType("metrics", Duration.ofSeconds(10));
        h.sendSigned("{\"type\":\"keep_alive_request\",\"sequence_number\":1,\"timestamp\":\"x\"}");
        h.awaitType("keep_alive", Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            h.awaitType("metrics", Duration.ofSeconds(10)); // the cycles after it, and the replay cache's flush
        }
        assertTrue(agent.process().isAlive(), "the agent runs: " + agent.log());

        Set<String> alive = aliveClasses(classLog);
        long archived = 0;
        for (String line : Files.readAllLines(classLog)) {
            if (line.endsWith("source: shared objects file")) {
                archived++;
            }
        }
        assertTrue(archived > alive.size() / 2, "most classes come from the archive: " + archived + " of " + alive.size());
        List<String> found = machineries(alive);
        List<String> lambdas = lambdaSpinners(alive);
        System.out.println("SteadyStateClassesIT: " + alive.size() + " classes alive (the bench judges the count"
                + " against a trivial JVM); by package: " + topPackages(alive, 12));
        assertEquals(List.of(), lambdas, "no lambda proxy in the steady state (the classes that spun them)");
        assertEquals(List.of(), found, "no machinery in the steady state");

        // The host's first signed command is, nearly always, SystemInfo. Whatever it loads stays for
        // the rest of the agent's life: building the safe-action set and answering it must not load a
        // machinery that SystemInfo itself does not need (static Patterns, formatters and lambdas of
        // the other actions, a stream in the dispatch).
        long rssBefore = agent.rssKiB();
        String id = "first-systeminfo-0001";
        h.sendSigned(HostSimulator.safeCommand(id, "SystemInfo", 30));
        assertTrue(h.awaitResponse(id, Duration.ofSeconds(20)).json().bool("success").orElseThrow(),
                "SystemInfo succeeds: " + agent.log());
        Thread.sleep(10_000); // the next native-heap trim (every 10 s) and a few metrics cycles after it
        long rssAfter = agent.rssKiB();
        assertTrue(agent.process().isAlive(), "the agent runs: " + agent.log());
        String keep = System.getProperty("steadystate.keep", "");
        if (!keep.isBlank()) {
            Files.createDirectories(Path.of(keep));
            Files.copy(classLog, Path.of(keep, "classes.log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Set<String> afterCommand = aliveClasses(classLog);
        List<String> loadedByCommand = new ArrayList<>();
        for (String c : afterCommand) {
            if (!alive.contains(c)) {
                loadedByCommand.add(c);
            }
        }
        List<String> foundAfter = machineries(afterCommand);
        List<String> lambdasAfter = lambdaSpinners(afterCommand);
        System.out.println("SteadyStateClassesIT: a first SystemInfo loaded " + loadedByCommand.size()
                + " classes (" + afterCommand.size() + " alive); VmRSS " + rssBefore + " KiB before it, " + rssAfter
                + " KiB 10 s after it; by package: " + topPackages(new LinkedHashSet<>(loadedByCommand), 12));
        assertEquals(List.of(), lambdasAfter, "no lambda proxy after a first SystemInfo (the classes that spun them)");
        assertEquals(List.of(), foundAfter, "no machinery after a first SystemInfo");
    }

    /** The {@link #MACHINERIES} among {@code classes}, each with what loading it means. */
    static List<String> machineries(Set<String> classes) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> m : MACHINERIES.entrySet()) {
            if (classes.contains(m.getKey())) {
                found.add(m.getKey() + ": " + m.getValue());
            }
        }
        return found;
    }

    /** The classes that spun the lambda proxies among {@code classes}. */
    static List<String> lambdaSpinners(Set<String> classes) {
        List<String> spinners = new ArrayList<>();
        for (String c : classes) {
            int at = c.indexOf("$$Lambda$");
            if (at >= 0) {
                spinners.add(c.substring(0, at));
            }
        }
        return spinners;
    }

    /** {@code socat} joins a raw pseudo-terminal at {@code port} to the host socket once the agent opens it. */
    static Process socatPty(Path port, Path hostSocket) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("socat", "PTY,link=" + port + ",rawer,wait-slave", "UNIX-CONNECT:" + hostSocket)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("this test needs socat (tools/setup.sh socat; tools/test.sh installs it)", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(port) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(10);
        }
        assertTrue(Files.exists(port), "socat made the pseudo-terminal " + port);
        return p;
    }

    /** The classes loaded and not unloaded, from a {@code -Xlog:class+load,class+unload} file. */
    static Set<String> aliveClasses(Path log) throws IOException {
        Set<String> alive = new LinkedHashSet<>();
        for (String line : Files.readAllLines(log)) {
            int load = line.indexOf("[class,load] ");
            if (load >= 0) {
                int end = line.indexOf(' ', load + 13);
                alive.add(line.substring(load + 13, end < 0 ? line.length() : end));
                continue;
            }
            int unload = line.indexOf("[class,unload] unloading class ");
            if (unload >= 0) {
                String rest = line.substring(unload + 31);
                int end = rest.indexOf(' ');
                alive.remove(end < 0 ? rest : rest.substring(0, end));
            }
        }
        return alive;
    }

    static String topPackages(Set<String> classes, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String c : classes) {
            int dot = c.lastIndexOf('.');
            counts.merge(dot < 0 ? "" : c.substring(0, dot), 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> b.getValue() - a.getValue());
        return entries.subList(0, Math.min(n, entries.size())).toString();
    }
}

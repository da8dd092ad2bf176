import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.domain.auth.SharedSecret;

/**
 * The footprint and speed bench (tools/bench.sh). In one run, side by side, it measures the real
 * agent (built modules, shipped JVM flags) against a trivial JVM with the same flags and against
 * qemu-ga, and prints one line per figure with its reference from the same run, the ratio and the
 * target:
 * <ol>
 *   <li>steady RSS at the production interval (30 s, {@code prod-seconds} after attach) and at a
 *       1 s interval (processes and ports collected) vs. the trivial JVM; beside it the classes
 *       alive (from the CDS archive / defined at run time, from an identical twin run with
 *       {@code -Xlog:class+load}), the live threads with their names, and a per-package class
 *       table, agent vs. trivial JVM;</li>
 *   <li>CPU per collection cycle at ~100 and ~1000 processes, and CPU while idle between cycles;</li>
 *   <li>exec to handshake and exec to first metrics (median of N);</li>
 *   <li>round trip of a signed keep_alive_request and a signed SystemInfo vs. qemu-ga guest-ping;</li>
 *   <li>bytes per metrics line.</li>
 * </ol>
 * The host side is a minimal Unix-socket server of its own (one reader thread stamping each line
 * with {@code System.nanoTime()} at its newline), so no JSON parsing on the host side is timed; the
 * qemu-ga client uses the same reader. Envelopes are signed with the agent's own HmacSigner, exactly
 * as HostSimulator signs them.
 */
public final class Bench {
    static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    static final String MAIN = "org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main";
    static final long CLK_TCK = 100;

    final Path mods;
    final Path work;
    final List<String> agentFlags;
    final List<String> trivialFlags;
    final Path trivialClasses;
    /** the agent's java: the linked runtime image that holds its modules, or the machine's JDK with -p */
    final String java;
    /** the trivial JVM's java: the same runtime as the agent's, so the ratio is what the agent adds */
    final String trivialJava;
    /** the agent's modules are linked into {@link #java}'s runtime image (launched with -m alone) */
    final boolean linked;
    /** the machine's JDK: a second trivial JVM runs on it in the production phase (the reference of
     *  the rounds before the linked runtime, for comparison only; the verdicts use {@link #trivialJava}) */
    final String jdkJava;
    final int steadySeconds;
    final int prodSeconds;
    final boolean classes;
    /** An experiment: the agent from the class path (no module-path resolution at boot) instead of -p/-m. */
    final boolean classPath;
    /** The JVMTI agent (tools/bench/loadcause.c) the twins run with to name each class's cause, or null. */
    final Path causesLib;
    final int startupRuns;
    final int requests;
    final String qemuGa;
    final List<String> only;
    /**
     * The channel the agent reads: "pty" (the default when socat is installed) is a pseudo-terminal
     * in raw mode that socat joins to the host socket, so the agent runs its production channel (the
     * virtio port's: a character device read with a FileChannel); "unix" is the agent's {@code unix:}
     * test channel, whose SocketChannel loads the JDK's selector provider (and its lambdas).
     */
    final String channel;
    /**
     * The channel of the latency parts (exec -> handshake, round trips): "unix" by default, as in
     * the rounds before, since the pty's socat hop adds its own latency and a raw pty never shows the
     * host first (the virtio channel then reports the attach after its 250 ms pending-read check).
     */
    final String latencyChannel;
    /** agent process to its socat bridge (pty channel) */
    static final Map<Process, Process> BRIDGES = new java.util.concurrent.ConcurrentHashMap<>();
    final List<Process> fillers = new ArrayList<>();
    final Map<String, String> results = new LinkedHashMap<>();
    /** phase to {agent, trivial JVM} class logs, for the per-package table */
    final Map<String, ClassLog[]> packages = new LinkedHashMap<>();
    /** phase to the causes of the agent twin's classes (--causes) */
    final Map<String, Causes> causes = new LinkedHashMap<>();

    Bench(Map<String, String> o) throws IOException {
        mods = Path.of(o.get("modules"));
        work = Files.createDirectories(Path.of(o.get("work")));
        agentFlags = flags(Path.of(o.get("jvm-options")));
        // The trivial JVM gets the same flags except an AppCDS archive, which belongs to the agent's
        // module path (a mismatched archive would only be refused with a warning).
        trivialFlags = agentFlags.stream().filter(f -> !f.startsWith("-XX:SharedArchiveFile")).toList();
        trivialClasses = Path.of(o.get("trivial-classes"));
        jdkJava = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        linked = o.containsKey("runtime");
        java = linked ? Path.of(o.get("runtime"), "bin", "java").toString() : jdkJava;
        trivialJava = o.containsKey("trivial-runtime") ? Path.of(o.get("trivial-runtime"), "bin", "java").toString() : java;
        steadySeconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        prodSeconds = Integer.parseInt(o.getOrDefault("prod-seconds", "60"));
        classes = !"off".equals(o.get("classes"));
        classPath = "classpath".equals(o.get("launch"));
        causesLib = o.containsKey("causes") ? Path.of(o.get("causes")) : null;
        startupRuns = Integer.parseInt(o.getOrDefault("runs", "10"));
        requests = Integer.parseInt(o.getOrDefault("requests", "1000"));
        qemuGa = o.getOrDefault("qemu-ga", "/usr/sbin/qemu-ga");
        only = o.containsKey("only") ? List.of(o.get("only").split(",")) : List.of();
        channel = o.getOrDefault("channel", onPath("socat") ? "pty" : "unix");
        latencyChannel = o.getOrDefault("latency-channel", "unix");
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    static List<String> flags(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String s = line.replaceAll("#.*", "").trim();
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            o.put(a.substring(2, eq), a.substring(eq + 1));
        }
        Bench b = new Bench(o);
        Runtime.getRuntime().addShutdownHook(new Thread(b::killFillers));
        Runtime.getRuntime().addShutdownHook(new Thread(Bench::killBridges));
        try {
            b.run();
        } finally {
            b.killFillers();
            killBridges();
        }
    }

    void run() throws Exception {
        say("agent flags: " + String.join(" ", agentFlags));
        say("agent launched with " + (linked ? "-m from the linked runtime " + java
                : (classPath ? "-cp (experiment)" : "-p/-m") + " from " + mods));
        say("agent channel: " + ("pty".equals(channel)
                ? "a raw pseudo-terminal joined to the host socket by socat (the production channel's code path)"
                : "unix: (the test channel: its SocketChannel loads the JDK's selector provider)")
                + " for RSS, classes and threads; " + latencyChannel + " for exec -> handshake and round trips");
        say("trivial JVM: " + trivialJava);
        say("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load " + loadAvg()
                + ", " + processCount() + " processes");
        if (only.isEmpty() || only.contains("startup")) {
            startup();
        }
        if (only.isEmpty() || only.contains("steady")) {
            steady();
        }
        if (only.isEmpty() || only.contains("prod")) {
            prod();
        }
        if (only.isEmpty() || only.contains("commands")) {
            commands();
        }
        report();
    }

    // ---------------------------------------------------------------- 3. exec -> handshake / metrics

    void startup() throws Exception {
        say("== startup: exec -> first line, " + startupRuns + " runs each");
        List<Double> trivial = new ArrayList<>();
        List<Double> handshake = new ArrayList<>();
        List<Double> metrics = new ArrayList<>();
        for (int i = 0; i < startupRuns; i++) {
            long t0 = System.nanoTime();
            Process p = trivial(null);
            try (InputStream in = p.getInputStream()) {
                while (in.read() != '\n') {
                    // the first line is "ready"
                }
                trivial.add(ms(System.nanoTime() - t0));
            } finally {
                stop(p);
            }
            try (RawHost host = new RawHost(work.resolve("start.sock"))) {
                Path state = Files.createDirectories(work.resolve("state-start-" + i));
                long s0 = System.nanoTime();
                Process a = agentOn(latencyChannel, host.path, state, 30);
                try {
                    Line h = host.await(l -> l.type().equals("handshake"), 30);
                    Line m = host.await(l -> l.type().equals("metrics"), 30);
                    handshake.add(ms(h.nanos - s0));
                    metrics.add(ms(m.nanos - s0));
                } finally {
                    stop(a);
                }
            }
        }
        put("startup.trivial_ms", median(trivial));
        put("startup.handshake_ms", median(handshake));
        put("startup.metrics_ms", median(metrics));
        say("   trivial JVM exec->first line  " + fmtList(trivial));
        say("   agent exec->handshake         " + fmtList(handshake));
        say("   agent exec->first metrics     " + fmtList(metrics));
    }

    // ---------------------------------------------------------------- 1, 2, 5: RSS, classes, threads, CPU, bytes

    /**
     * Steady state at a 1 s interval: the agent and the trivial JVM side by side, RSS sampled every
     * second; CPU per cycle at ~100 and then ~1000 processes on the same agent. Classes come from
     * twins started beside them (below), so the measured pair runs exactly as shipped.
     */
    void steady() throws Exception {
        int target = 100;
        fillTo(target);
        say("== steady: agent (--interval 1) and trivial JVM side by side for " + steadySeconds + " s, "
                + processCount() + " processes");
        Process idle = trivial(null);
        Twins twins = classes ? new Twins("1s", 1) : null;
        Process a = null;
        try (RawHost host = new RawHost(work.resolve("steady.sock"))) {
            a = agent(host.path, Files.createDirectories(work.resolve("state-steady")), 1);
            host.await(l -> l.type().equals("metrics"), 30);
            long start = System.nanoTime();
            List<Long> agentRss = new ArrayList<>();
            List<Long> idleRss = new ArrayList<>();
            long cpu0 = 0;
            int lines0 = 0;
            int cpuFrom = Math.min(10, steadySeconds / 3);
            for (int s = 1; s <= steadySeconds; s++) {
                sleepUntil(start + TimeUnit.SECONDS.toNanos(s));
                agentRss.add(rssKiB(a.pid()));
                idleRss.add(rssKiB(idle.pid()));
                if (s == cpuFrom) {
                    cpu0 = cpuTicks(a.pid());
                    lines0 = host.count("metrics");
                }
            }
            long cpu1 = cpuTicks(a.pid());
            int lines1 = host.count("metrics");
            List<Long> agentTail = agentRss.subList(agentRss.size() / 2, agentRss.size());
            List<Long> idleTail = idleRss.subList(idleRss.size() / 2, idleRss.size());
            put("rss.1s.agent_mib", medianL(agentTail) / 1024.0);
            put("rss.1s.agent_max_mib", max(agentTail) / 1024.0);
            put("rss.1s.trivial_mib", medianL(idleTail) / 1024.0);
            put("cpu.cycles_100", lines1 - lines0);
            put("cpu.per_cycle_ms_100", ticksToMs(cpu1 - cpu0) / Math.max(1, lines1 - lines0));
            threadFigures("1s", a.pid(), idle.pid());
            if (twins != null) {
                twins.record("1s");
                twins.close();
                twins = null;
            }
            put("bytes.metrics_100", medianL(host.sizes("metrics")));
            say("   agent RSS (KiB, 1/s)   " + agentRss);
            say("   trivial RSS (KiB, 1/s) " + idleRss);

            int thousand = 1000;
            fillTo(thousand);
            say("== 1000 processes: " + processCount() + " processes, same agent");
            host.clear();
            sleepMs(5000);
            long c0 = cpuTicks(a.pid());
            int l0 = host.count("metrics");
            long r0 = System.nanoTime();
            List<Long> rss1000 = new ArrayList<>();
            int window = Math.max(10, steadySeconds / 3);
            for (int s = 1; s <= window; s++) {
                sleepUntil(r0 + TimeUnit.SECONDS.toNanos(s));
                rss1000.add(rssKiB(a.pid()));
            }
            long c1 = cpuTicks(a.pid());
            int l1 = host.count("metrics");
            put("cpu.cycles_1000", l1 - l0);
            put("cpu.per_cycle_ms_1000", ticksToMs(c1 - c0) / Math.max(1, l1 - l0));
            put("rss.1s.agent_1000_mib", max(rss1000) / 1024.0);
            put("bytes.metrics_1000", medianL(host.sizes("metrics")));
        } finally {
            stopAll(twins, a, idle);
        }
        killFillers();
    }

    /**
     * The production interval (30 s), as the headline figure: the agent and the trivial JVM
     * side by side, RSS sampled every second until {@code prodSeconds} after attach (the handshake
     * line); the figure is the median of the last quarter of the window (between collections at the
     * default 60 s: after the one at ~31 s, before the one at ~61 s) and the sample at the end.
     */
    void prod() throws Exception {
        fillTo(100);
        say("== production interval: agent (--interval 30) and trivial JVM side by side, " + prodSeconds
                + " s after attach, " + processCount() + " processes");
        Process idle = trivial(null);
        // the same trivial JVM on the machine's stock JDK (its default CDS archive mapped), when the
        // agent runs on its linked runtime: the earlier rounds' reference, printed beside, never judged
        Process stock = linked ? trivialOn(jdkJava, null) : null;
        Twins twins = classes ? new Twins("30s", 30) : null;
        Process a = null;
        try (RawHost host = new RawHost(work.resolve("prod.sock"))) {
            a = agent(host.path, Files.createDirectories(work.resolve("state-prod")), 30);
            Line h = host.await(l -> l.type().equals("handshake"), 30);
            List<Long> agentRss = new ArrayList<>();
            List<Long> idleRss = new ArrayList<>();
            List<Long> stockRss = new ArrayList<>();
            for (int s = 1; s <= prodSeconds; s++) {
                sleepUntil(h.nanos + TimeUnit.SECONDS.toNanos(s));
                agentRss.add(rssKiB(a.pid()));
                idleRss.add(rssKiB(idle.pid()));
                if (stock != null) {
                    stockRss.add(rssKiB(stock.pid()));
                }
            }
            int from = agentRss.size() - Math.max(1, agentRss.size() / 4);
            put("rss.30s.agent_mib", medianL(agentRss.subList(from, agentRss.size())) / 1024.0);
            put("rss.30s.agent_max_mib", max(agentRss.subList(from, agentRss.size())) / 1024.0);
            put("rss.30s.agent_end_mib", agentRss.get(agentRss.size() - 1) / 1024.0);
            put("rss.30s.trivial_mib", medianL(idleRss.subList(from, idleRss.size())) / 1024.0);
            put("rss.30s.trivial_end_mib", idleRss.get(idleRss.size() - 1) / 1024.0);
            if (stock != null) {
                put("rss.30s.trivial_stock_jdk_mib", medianL(stockRss.subList(from, stockRss.size())) / 1024.0);
            }
            put("rss.30s.window_s", (from + 1) + "-" + prodSeconds);
            put("cpu.cycles_30s", host.count("metrics"));
            threadFigures("30s", a.pid(), idle.pid());
            if (twins != null) {
                twins.record("30s");
            }
            say("   agent RSS (KiB, 1/s)   " + agentRss);
            say("   trivial RSS (KiB, 1/s) " + idleRss);
            // In production the host also sends a signed keep_alive_request every 120 s (CONTRACT
            // 11): the inbound path (envelope parse, HMAC, replay cache) joins the steady state
            // then. One request to the agent and its twin, then 10 s of quiet.
            SharedSecret secret = SharedSecret.fromConfigured(SECRET).orElseThrow();
            String ka = "{\"type\":\"keep_alive_request\",\"sequence_number\":1}";
            host.send(envelope(secret, ka));
            if (twins != null) {
                twins.host.send(envelope(secret, ka));
            }
            host.await(l -> l.type().equals("keep_alive"), 10);
            sleepMs(10_000);
            put("rss.30s_ka.agent_mib", rssKiB(a.pid()) / 1024.0);
            put("rss.30s_ka.trivial_mib", rssKiB(idle.pid()) / 1024.0);
            threadFigures("30s_ka", a.pid(), idle.pid());
            if (twins != null) {
                twins.record("30s_ka");
            }
        } finally {
            stopAll(twins, a, idle);
            if (stock != null) {
                stop(stock);
            }
        }
        killFillers();
    }

    /** Stops the processes that were started (null: never started) and the twins, if still running. */
    static void stopAll(Twins twins, Process... processes) throws IOException, InterruptedException {
        try {
            for (Process p : processes) {
                if (p != null) {
                    stop(p);
                }
            }
        } finally {
            if (twins != null) {
                twins.close();
            }
        }
    }

    void threadFigures(String phase, long agentPid, long trivialPid) throws IOException {
        put("threads." + phase + ".agent", threads(agentPid));
        put("threads." + phase + ".trivial", threads(trivialPid));
        put("threads." + phase + ".agent_names", threadNames(agentPid));
        put("threads." + phase + ".trivial_names", threadNames(trivialPid));
    }

    /**
     * An agent and a trivial JVM identical to the measured pair but with {@code -Xlog:class+load}
     * (and {@code class+unload}) to a file, started at the same time and attached to a host end of
     * their own: the class figures of the same phase, without any logging in the processes whose
     * RSS is measured.
     */
    final class Twins implements AutoCloseable {
        final String phase;
        final RawHost host;
        final Process agent;
        final Process trivial;
        final Path agentLog;
        final Path trivialLog;
        final Path causesFile;

        Twins(String phase, int interval) throws IOException {
            this.phase = phase;
            agentLog = work.resolve("classes-agent-" + phase + ".log");
            trivialLog = work.resolve("classes-trivial-" + phase + ".log");
            host = new RawHost(work.resolve("twin-" + phase + ".sock"));
            trivial = trivial(classLogFlag(trivialLog));
            causesFile = work.resolve("causes-agent-" + phase + ".txt");
            agent = causesLib == null
                    ? agent(host.path, Files.createDirectories(work.resolve("state-twin-" + phase)), interval,
                            classLogFlag(agentLog))
                    : agent(host.path, Files.createDirectories(work.resolve("state-twin-" + phase)), interval,
                            classLogFlag(agentLog), "-agentpath:" + causesLib + "=" + causesFile);
        }

        /** Reads both logs now (the measured pair's window has just ended), as figures of {@code key}. */
        void record(String key) throws IOException {
            ClassLog ag = ClassLog.read(agentLog);
            ClassLog tr = ClassLog.read(trivialLog);
            String p = "classes." + key + ".";
            put(p + "agent", ag.total());
            put(p + "agent_archive", ag.archive);
            put(p + "agent_runtime", ag.total() - ag.archive);
            put(p + "agent_generated", ag.generated);
            put(p + "trivial", tr.total());
            put(p + "trivial_archive", tr.archive);
            put(p + "trivial_runtime", tr.total() - tr.archive);
            put(p + "trivial_generated", tr.generated);
            packages.put(key, new ClassLog[] {ag, tr});
            if (causesLib != null) {
                causes.put(key, Causes.read(causesFile, ag.live.keySet()));
            }
        }

        @Override
        public void close() throws IOException {
            try {
                stop(agent);
                stop(trivial);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            host.close();
        }
    }

    static String classLogFlag(Path file) {
        return "-Xlog:class+load=info,class+unload=info:file=" + file + ":uptime,tags";
    }

    /**
     * The classes alive in a JVM, from its {@code -Xlog:class+load,class+unload} file: where each
     * came from (the CDS archive, a jar or the runtime image, or generated at run time: lambda
     * proxies, lambda forms, method-handle species, reflection accessors) and by package.
     */
    static final class ClassLog {
        /** class name (hidden-class suffix kept, so each is distinct) to its source */
        final Map<String, String> live = new LinkedHashMap<>();
        int archive;
        int generated;
        /** package to {archive, from disk, generated} */
        final Map<String, int[]> byPackage = new LinkedHashMap<>();

        int total() {
            return live.size();
        }

        static ClassLog read(Path file) throws IOException {
            ClassLog c = new ClassLog();
            for (String line : Files.readAllLines(file)) {
                int load = line.indexOf("[class,load] ");
                int unload = line.indexOf("[class,unload] unloading class ");
                if (load >= 0) {
                    int from = load + "[class,load] ".length();
                    int src = line.indexOf(" source: ", from);
                    if (src > 0) {
                        c.live.put(line.substring(from, src), line.substring(src + " source: ".length()));
                    }
                } else if (unload >= 0) {
                    int from = unload + "[class,unload] unloading class ".length();
                    int end = line.indexOf(' ', from);
                    c.live.remove(end < 0 ? line.substring(from) : line.substring(from, end));
                }
            }
            for (Map.Entry<String, String> e : c.live.entrySet()) {
                int kind = kind(e.getValue());
                if (kind == 0) {
                    c.archive++;
                } else if (kind == 2) {
                    c.generated++;
                }
                c.byPackage.computeIfAbsent(packageOf(e.getKey()), k -> new int[3])[kind]++;
            }
            return c;
        }

        /** 0: from the CDS archive, 1: read from a jar or the runtime image, 2: generated at run time. */
        static int kind(String source) {
            if (source.startsWith("shared objects file")) {
                return 0;
            }
            return source.startsWith("jrt:") || source.startsWith("file:") || source.startsWith("jar:") ? 1 : 2;
        }

        static String packageOf(String name) {
            int hidden = name.indexOf('/');
            String n = hidden < 0 ? name : name.substring(0, hidden);
            int dot = n.lastIndexOf('.');
            return dot < 0 ? "(unnamed)" : n.substring(0, dot);
        }

        int count(String pkg) {
            int[] k = byPackage.get(pkg);
            return k == null ? 0 : k[0] + k[1] + k[2];
        }
    }

    // ---------------------------------------------------------------- 2b idle, 4 round trips

    void commands() throws Exception {
        fillTo(100);
        say("== idle and round trips: " + processCount() + " processes");
        try (RawHost host = new RawHost(work.resolve("rtt.sock"))) {
            Process a = agentOn(latencyChannel, host.path, Files.createDirectories(work.resolve("state-rtt")), 60);
            Process idle = trivial(null);
            try {
                host.await(l -> l.type().equals("metrics"), 30);
                sleepMs(3000);
                int idleSeconds = 30;
                long c0 = cpuTicks(a.pid());
                Map<String, Long> s0 = switches(a.pid());
                long ic0 = cpuTicks(idle.pid());
                Map<String, Long> is0 = switches(idle.pid());
                sleepMs(idleSeconds * 1000L);
                put("idle.cpu_ms_per_min", ticksToMs(cpuTicks(a.pid()) - c0) * 60 / idleSeconds);
                put("idle.wakeups_per_s", delta(s0, switches(a.pid())) / (double) idleSeconds);
                put("idle.trivial_cpu_ms_per_min", ticksToMs(cpuTicks(idle.pid()) - ic0) * 60 / idleSeconds);
                put("idle.trivial_wakeups_per_s", delta(is0, switches(idle.pid())) / (double) idleSeconds);

                SharedSecret secret = SharedSecret.fromConfigured(SECRET).orElseThrow();
                int warm = Math.min(200, requests);
                List<Double> keep = new ArrayList<>();
                for (int i = 0; i < warm + requests; i++) {
                    String payload = "{\"type\":\"keep_alive_request\",\"sequence_number\":" + i + "}";
                    String line = envelope(secret, payload);
                    String want = "\"sequence_number\":" + i;
                    long t0 = System.nanoTime();
                    host.send(line);
                    host.await(l -> l.type().equals("keep_alive") && l.text.contains(want), 10);
                    if (i >= warm) {
                        keep.add(ms(System.nanoTime() - t0));
                    }
                }
                List<Double> info = new ArrayList<>();
                for (int i = 0; i < warm + requests; i++) {
                    String id = UUID.randomUUID().toString();
                    String payload = "{\"type\":\"SafeCommand\",\"id\":\"" + id
                            + "\",\"command_type\":{\"action\":\"SystemInfo\"},\"params\":null,\"timeout\":30}";
                    String line = envelope(secret, payload);
                    String want = "\"id\":\"" + id + "\"";
                    long t0 = System.nanoTime();
                    host.send(line);
                    Line r = host.await(l -> l.type().equals("response") && l.text.contains(want), 30);
                    if (!r.text.contains("\"success\":true")) {
                        throw new IllegalStateException("SystemInfo failed: " + r.text.substring(0,
                                Math.min(300, r.text.length())));
                    }
                    if (i >= warm) {
                        info.add(ms(System.nanoTime() - t0));
                    }
                    host.drop(l -> l.type().equals("metrics"));
                }
                put("rtt.keepalive_median_ms", median(keep));
                put("rtt.keepalive_p99_ms", pct(keep, 99));
                put("rtt.systeminfo_median_ms", median(info));
                put("rtt.systeminfo_p99_ms", pct(info, 99));
                put("rss.agent_after_rtt_mib", rssKiB(a.pid()) / 1024.0);
            } finally {
                stop(a);
                stop(idle);
            }
        }
        killFillers();
        qemuGa();
    }

    void qemuGa() throws Exception {
        if (!Files.isExecutable(Path.of(qemuGa))) {
            say("   qemu-ga not found at " + qemuGa + " (tools/setup.sh qemu-guest-agent); skipped");
            return;
        }
        Path sock = work.resolve("qga.sock");
        Files.deleteIfExists(sock);
        Process q = new ProcessBuilder(qemuGa, "-m", "unix-listen", "-p", sock.toString(), "-t", work.toString(),
                "-f", work.resolve("qga.pid").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("qga.log").toFile()).start();
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(sock)) {
                if (System.nanoTime() > end || !q.isAlive()) {
                    throw new IllegalStateException("qemu-ga did not listen: " + Files.readString(work.resolve("qga.log")));
                }
                sleepMs(20);
            }
            try (RawClient c = new RawClient(sock)) {
                int warm = Math.min(200, requests);
                List<Double> ping = new ArrayList<>();
                for (int i = 0; i < warm + requests; i++) {
                    long t0 = System.nanoTime();
                    c.send("{\"execute\":\"guest-ping\"}");
                    c.await(l -> l.text.contains("\"return\""), 10);
                    if (i >= warm) {
                        ping.add(ms(System.nanoTime() - t0));
                    }
                }
                put("rtt.qga_median_ms", median(ping));
                put("rtt.qga_p99_ms", pct(ping, 99));
            }
            put("rss.qga_mib", rssKiB(q.pid()) / 1024.0);
        } finally {
            stop(q);
        }
    }

    // ---------------------------------------------------------------- report

    /** Package groups the per-package table sums (prefix match on the package name). */
    static final String[][] GROUPS = {
        {"agent (org.infinibay.*)", "org.infinibay"},
        {"Jackson", "com.fasterxml.jackson"},
        {"OSHI", "oshi"},
        {"JNA", "com.sun.jna"},
        {"Dagger/javax.inject", "dagger", "javax.inject", "jakarta.inject"},
        {"java.lang.invoke", "java.lang.invoke", "sun.invoke"},
        {"java.lang.reflect + jdk.internal.reflect", "java.lang.reflect", "jdk.internal.reflect"},
        {"java.util.stream", "java.util.stream"},
        {"java.util.regex", "java.util.regex"},
        {"java.util.logging + sun.util.logging", "java.util.logging", "sun.util.logging"},
        {"java.time.*", "java.time"},
        {"java.text + sun.util.locale/resources/calendar", "java.text", "sun.util.locale", "sun.util.resources",
            "sun.util.calendar", "sun.text"},
        {"java.nio.file + sun.nio.fs", "java.nio.file", "sun.nio.fs"},
        {"java.nio.channels + sun.nio.ch", "java.nio.channels", "sun.nio.ch"},
        {"java.util.concurrent.*", "java.util.concurrent"},
        {"javax.crypto + security", "javax.crypto", "com.sun.crypto", "sun.security", "java.security"},
    };

    void report() {
        double qgaMed = d("rtt.qga_median_ms");
        say("");
        say("== results (" + String.join(" ", agentFlags) + ")");
        say("   machine at the end: load " + loadAvg() + " (CPU figures are noisy on a shared machine; RSS, classes"
                + " and threads are not)");
        say("   one line per figure: key value unit ref=<reference measured in this run> ratio=<value/ref>"
                + " target verdict");
        fig("rss.30s", "rss.30s.agent_mib", "MiB", "trivial", "rss.30s.trivial_mib", "<=1.20x", 1.20, true,
                "interval 30 s, median of " + results.get("rss.30s.window_s") + " s after attach");
        fig("rss.30s.vs_stock_jdk", "rss.30s.agent_mib", "MiB", "stock_jdk", "rss.30s.trivial_stock_jdk_mib", "", 0, true,
                "the same agent against the trivial JVM on the machine's JDK (default CDS archive): the reference"
                        + " before the linked runtime, for comparison only");
        fig("rss.30s.end", "rss.30s.agent_end_mib", "MiB", "trivial", "rss.30s.trivial_end_mib", "", 0, true,
                "the sample " + prodSeconds + " s after attach");
        fig("rss.30s.max", "rss.30s.agent_max_mib", "MiB", "trivial", "rss.30s.trivial_mib", "", 0, true, "");
        fig("rss.30s_ka", "rss.30s_ka.agent_mib", "MiB", "trivial", "rss.30s_ka.trivial_mib", "<=1.20x", 1.20, true,
                "10 s after one signed keep_alive_request (the host sends one every 120 s)");
        fig("rss.1s", "rss.1s.agent_mib", "MiB", "trivial", "rss.1s.trivial_mib", "<=1.25x", 1.25, true,
                "interval 1 s, ~100 processes, median of the last half of " + steadySeconds + " s");
        fig("rss.1s.max", "rss.1s.agent_max_mib", "MiB", "trivial", "rss.1s.trivial_mib", "<=45MiB", 45, false, "");
        fig("rss.1s.1000proc", "rss.1s.agent_1000_mib", "MiB", "trivial", "rss.1s.trivial_mib", "", 0, true,
                "max at ~1000 processes");
        fig("rss.after_rtt", "rss.agent_after_rtt_mib", "MiB", "trivial", "rss.1s.trivial_mib", "", 0, true,
                "after the signed round trips (command path loaded)");
        fig("rss.qga", "rss.qga_mib", "MiB", "agent_30s", "rss.30s.agent_mib", "", 0, true, "");
        for (String ph : List.of("30s", "30s_ka", "1s")) {
            String p = "classes." + ph + ".";
            fig("classes." + ph, p + "agent", "classes", "trivial", p + "trivial", "<1300", 1300, false,
                    "alive at the end of the window, from an identical twin run with -Xlog:class+load");
            fig("classes." + ph + ".archive", p + "agent_archive", "classes", "trivial", p + "trivial_archive", "", 0,
                    true, "from the CDS archive");
            fig("classes." + ph + ".runtime", p + "agent_runtime", "classes", "trivial", p + "trivial_runtime", "", 0,
                    true, "defined at run time: from jars/jrt or generated");
            fig("classes." + ph + ".generated", p + "agent_generated", "classes", "trivial", p + "trivial_generated",
                    "", 0, true, "generated: lambda proxies and forms, species, accessors");
        }
        for (String ph : List.of("30s", "30s_ka", "1s")) {
            String p = "threads." + ph + ".";
            fig("threads." + ph, p + "agent", "threads", "trivial", p + "trivial", "<=16", 16, false,
                    "/proc/PID/status Threads at the end of the window");
            if (results.containsKey(p + "agent_names")) {
                say(String.format(Locale.ROOT, "%-22s %s", "threads." + ph + ".names", results.get(p + "agent_names")));
                say(String.format(Locale.ROOT, "%-22s %s", "threads." + ph + ".trivial_names",
                        results.get(p + "trivial_names")));
            }
        }
        fig("cpu.cycle_100", "cpu.per_cycle_ms_100", "ms", "-", null, "<=30ms", 30, false,
                "over " + results.get("cpu.cycles_100") + " cycles");
        fig("cpu.cycle_1000", "cpu.per_cycle_ms_1000", "ms", "-", null, "<=150ms", 150, false,
                "over " + results.get("cpu.cycles_1000") + " cycles");
        fig("cpu.idle", "idle.cpu_ms_per_min", "ms/min", "trivial", "idle.trivial_cpu_ms_per_min", "", 0, true, "");
        fig("wakeups.idle", "idle.wakeups_per_s", "1/s", "trivial", "idle.trivial_wakeups_per_s", "", 0, true, "");
        fig("startup.handshake", "startup.handshake_ms", "ms", "trivial_first_line", "startup.trivial_ms", "<=700ms",
                700, false, "exec -> handshake, median");
        fig("startup.metrics", "startup.metrics_ms", "ms", "trivial_first_line", "startup.trivial_ms", "", 0, true,
                "exec -> first metrics: includes the >= 1 s priming sample (CONTRACT 7.9)");
        fig("rtt.keepalive", "rtt.keepalive_median_ms", "ms", "qemu-ga_ping", "rtt.qga_median_ms", "<=3x", 3, true,
                "median");
        fig("rtt.keepalive.p99", "rtt.keepalive_p99_ms", "ms", "qemu-ga_ping", "rtt.qga_p99_ms", "", 0, true, "");
        fig("rtt.systeminfo", "rtt.systeminfo_median_ms", "ms", "qemu-ga_ping", "rtt.qga_median_ms", "<=3x", 3, true,
                "median");
        fig("rtt.systeminfo.p99", "rtt.systeminfo_p99_ms", "ms", "qemu-ga_ping", "rtt.qga_p99_ms", "", 0, true, "");
        fig("bytes.metrics_100", "bytes.metrics_100", "B", "-", null, "<=1MiB", 1 << 20, false, "");
        fig("bytes.metrics_1000", "bytes.metrics_1000", "B", "-", null, "<=1MiB", 1 << 20, false, "");
        if (Double.isNaN(qgaMed) && results.containsKey("rtt.keepalive_median_ms")) {
            say("   (qemu-ga not measured: no ratio for the round trips)");
        }
        packageTables();
        causeTables();
        say("");
        StringBuilder raw = new StringBuilder("raw:");
        results.forEach((k, v) -> raw.append(' ').append(k).append('=').append(v.replace(' ', '_')));
        say(raw.toString());
    }

    /**
     * One figure, one line: {@code key value unit ref=name:value ratio=value/ref target verdict # note}.
     * A target is a ratio to the reference when {@code ratioTarget}, else a bound on the value itself.
     * Figures that were not measured in this run are not printed.
     */
    void fig(String key, String valueKey, String unit, String refName, String refKey, String target, double bound,
            boolean ratioTarget, String note) {
        if (!results.containsKey(valueKey)) {
            return;
        }
        double v = d(valueKey);
        double ref = refKey == null ? Double.NaN : d(refKey);
        double ratio = ref == 0 ? Double.NaN : v / ref;
        String verdict = "";
        if (!target.isEmpty()) {
            double measured = ratioTarget ? ratio : v;
            verdict = Double.isNaN(measured) ? "-" : (target.startsWith("<=") ? measured <= bound : measured < bound)
                    ? "PASS" : "FAIL";
        }
        say(String.format(Locale.ROOT, "%-22s %10s %-7s ref=%-28s ratio=%-7s %-8s %-4s # %s", key, num(v), unit,
                refName + ":" + (Double.isNaN(ref) ? "-" : num(ref)), Double.isNaN(ratio) ? "-" : f3(ratio),
                target.isEmpty() ? "-" : target, verdict.isEmpty() ? "-" : verdict, note));
    }

    static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : Math.abs(v) < 1 ? f3(v) : f2(v);
    }

    /** Top packages by the agent's class count, agent vs trivial JVM, then the package groups. */
    void packageTables() {
        for (Map.Entry<String, ClassLog[]> e : packages.entrySet()) {
            String ph = e.getKey();
            ClassLog ag = e.getValue()[0];
            ClassLog tr = e.getValue()[1];
            say("");
            say("== classes by package, interval " + ph + " (agent " + ag.total() + ", trivial JVM " + tr.total()
                    + "; archive / disk = jar or jrt / generated at run time)");
            List<String> pkgs = new ArrayList<>(ag.byPackage.keySet());
            pkgs.sort((x, y) -> ag.count(y) - ag.count(x) != 0 ? ag.count(y) - ag.count(x) : x.compareTo(y));
            int shown = 0;
            int rest = 0;
            for (String pkg : pkgs) {
                if (shown < 25) {
                    pkgRow("pkg." + ph, pkg, ag, tr, ag.byPackage.get(pkg), ag.count(pkg), tr.count(pkg));
                    shown++;
                } else {
                    rest += ag.count(pkg);
                }
            }
            say(String.format(Locale.ROOT, "%-10s %-52s agent=%-5d (%d more packages)", "pkg." + ph, "(the_rest)", rest,
                    pkgs.size() - shown));
            for (String[] g : GROUPS) {
                int[] k = new int[3];
                int a = 0;
                int t = 0;
                for (String pkg : ag.byPackage.keySet()) {
                    if (inGroup(g, pkg)) {
                        int[] x = ag.byPackage.get(pkg);
                        k[0] += x[0];
                        k[1] += x[1];
                        k[2] += x[2];
                        a += ag.count(pkg);
                    }
                }
                for (String pkg : tr.byPackage.keySet()) {
                    if (inGroup(g, pkg)) {
                        t += tr.count(pkg);
                    }
                }
                pkgRow("group." + ph, g[0].replace(' ', '_'), ag, tr, k, a, t);
            }
            int lambdas = 0;
            for (String n : ag.live.keySet()) {
                if (n.contains("$$Lambda$")) {
                    lambdas++;
                }
            }
            int trLambdas = 0;
            for (String n : tr.live.keySet()) {
                if (n.contains("$$Lambda$")) {
                    trLambdas++;
                }
            }
            say(String.format(Locale.ROOT, "%-10s %-52s agent=%-5d trivial=%-5d diff=%+d", "group." + ph,
                    "lambda_proxies_($$Lambda$,_all_packages)", lambdas, trLambdas, lambdas - trLambdas));
        }
    }

    void pkgRow(String key, String name, ClassLog ag, ClassLog tr, int[] kinds, int a, int t) {
        say(String.format(Locale.ROOT, "%-10s %-52s agent=%-5d trivial=%-5d diff=%-+5d archive=%-4d disk=%-4d generated=%d",
                key, name, a, t, a - t, kinds[0], kinds[1], kinds[2]));
    }

    static boolean inGroup(String[] g, String pkg) {
        for (int i = 1; i < g.length; i++) {
            if (pkg.equals(g[i]) || pkg.startsWith(g[i] + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Per package group, the agent's code paths that first loaded its classes (--causes): the
     * innermost frame of the agent (else of a library) on the loading thread's stack, and what it
     * called (an invokedynamic kind, or the JDK method entered). A class is attributed to its first
     * user only, so a group's total is what removing every listed path would save, not each line.
     */
    void causeTables() {
        for (Map.Entry<String, Causes> e : causes.entrySet()) {
            if (e.getKey().equals("30s") && causes.containsKey("30s_ka")) {
                continue; // the twin's later state includes it
            }
            String key = "cause." + e.getKey();
            say("");
            say("== what loaded the agent's classes, interval " + e.getKey() + " (first user of each class; "
                    + "group total, then the top paths)");
            for (Map.Entry<String, Map<String, List<String>>> g : e.getValue().byGroup.entrySet()) {
                int total = 0;
                for (List<String> v : g.getValue().values()) {
                    total += v.size();
                }
                say(String.format(Locale.ROOT, "%-13s %-40s total=%d", key, g.getKey().replace(' ', '_'), total));
                List<Map.Entry<String, List<String>>> rows = new ArrayList<>(g.getValue().entrySet());
                rows.sort((x, y) -> y.getValue().size() - x.getValue().size());
                for (Map.Entry<String, List<String>> r : rows.subList(0, Math.min(8, rows.size()))) {
                    List<String> ex = r.getValue().subList(0, Math.min(3, r.getValue().size()));
                    say(String.format(Locale.ROOT, "%-13s %-40s n=%-4d %s  e.g. %s", key, g.getKey().replace(' ', '_'),
                            r.getValue().size(), r.getKey(), String.join(",", ex)));
                }
            }
        }
    }

    /** The JVMTI agent's output (tools/bench/loadcause.c), attributed to the agent's code paths. */
    static final class Causes {
        static final String[] LIBRARIES = {"com.fasterxml.", "dagger.", "com.sun.jna.", "oshi.", "picocli.",
            "com.fazecast."};
        /** group to ("culprit via what" to the simple names of the classes it loaded first) */
        final Map<String, Map<String, List<String>>> byGroup = new LinkedHashMap<>();
        final java.util.Set<String> seen = new java.util.HashSet<>();

        static Causes read(Path file, java.util.Set<String> alive) throws IOException {
            Causes c = new Causes();
            for (String[] g : GROUPS) {
                c.byGroup.put(g[0], new LinkedHashMap<>());
            }
            c.byGroup.put("lambda proxies", new LinkedHashMap<>());
            c.byGroup.put("other JDK", new LinkedHashMap<>());
            java.util.Set<String> aliveNames = new java.util.HashSet<>();
            for (String n : alive) {
                aliveNames.add(plain(n));
            }
            String cls = null;
            String thread = null;
            List<String> frames = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith("C ")) {
                    c.add(cls, thread, frames, aliveNames);
                    String[] f = line.split(" ");
                    cls = f[1].substring(1, f[1].length() - 1).replace('/', '.');
                    thread = f.length > 2 ? f[2] : "?";
                    frames = new ArrayList<>();
                } else if (line.startsWith("F ") && cls != null) {
                    String f = line.substring(2);
                    int semi = f.indexOf(';');
                    frames.add(f.startsWith("L") && semi > 0 ? f.substring(1, semi).replace('/', '.') + f.substring(semi + 1)
                            : f);
                }
            }
            c.add(cls, thread, frames, aliveNames);
            return c;
        }

        /** A hidden class's name without its address suffix, as both logs spell it. */
        static String plain(String name) {
            int hidden = name.indexOf("/0x");
            if (hidden < 0) {
                hidden = name.indexOf(".0x");
            }
            return hidden < 0 ? name : name.substring(0, hidden);
        }

        void add(String cls, String thread, List<String> frames, java.util.Set<String> alive) {
            if (cls == null || !alive.contains(plain(cls)) || (!cls.contains(".0x") && !seen.add(cls))) {
                return; // unloaded since, not in the class log, or a second event for the same class
            }
            String name = plain(cls);
            String group = "other JDK";
            if (name.contains("$$Lambda$")) {
                group = "lambda proxies";
            } else {
                String pkg = ClassLog.packageOf(name);
                for (String[] g : GROUPS) {
                    if (inGroup(g, pkg)) {
                        group = g[0];
                        break;
                    }
                }
            }
            String culprit = null;
            int at = -1;
            for (int i = 0; i < frames.size() && culprit == null; i++) {
                if (frames.get(i).startsWith("org.infinibay.")) {
                    culprit = frames.get(i);
                    at = i;
                }
            }
            for (int i = 0; i < frames.size() && culprit == null; i++) {
                for (String lib : LIBRARIES) {
                    if (frames.get(i).startsWith(lib)) {
                        culprit = frames.get(i);
                        at = i;
                        break;
                    }
                }
            }
            String via;
            if (culprit == null) {
                culprit = frames.isEmpty() ? ("?".equals(thread) ? "(JVM start: module-system boot)" : "(no Java frame)")
                        : "(JDK) " + frames.get(frames.size() - 1);
                via = frames.isEmpty() ? "-" : frames.get(0);
            } else {
                via = how(frames, at);
            }
            String k = noLine(culprit).replace("org.infinibay.infiniservice.", "") + " via " + noLine(via);
            byGroup.get(group).computeIfAbsent(k, x -> new ArrayList<>()).add(name.substring(name.lastIndexOf('.') + 1));
        }

        static String how(List<String> frames, int at) {
            for (int i = 0; i < at; i++) {
                String f = frames.get(i);
                if (f.contains("StringConcatFactory")) {
                    return "indy-string-concat";
                }
                if (f.contains("LambdaMetafactory")) {
                    return "lambda/method-ref";
                }
                if (f.contains("java.lang.runtime.ObjectMethods")) {
                    return "record-ObjectMethods";
                }
            }
            for (int i = 0; i < at; i++) {
                if (frames.get(i).contains("MethodHandleNatives.linkCallSite")) {
                    return "invokedynamic";
                }
            }
            if (at == 0) {
                return "(direct)";
            }
            String api = frames.get(at - 1);
            return api.startsWith("java.lang.ClassLoader.loadClass") ? "(direct)" : api;
        }

        /** {@code a.B.m:12} without {@code :12}. */
        static String noLine(String frame) {
            int colon = frame.lastIndexOf(':');
            if (colon < 0 || colon == frame.length() - 1) {
                return frame;
            }
            for (int i = colon + 1; i < frame.length(); i++) {
                char ch = frame.charAt(i);
                if (!(ch == '-' || Character.isDigit(ch))) {
                    return frame;
                }
            }
            return frame.substring(0, colon);
        }
    }

    // ---------------------------------------------------------------- processes

    /** The agent as the systemd unit starts it; {@code extraFlags} go after the shipped flags. */
    Process agent(Path sock, Path state, int interval, String... extraFlags) throws IOException {
        return agentOn(channel, sock, state, interval, extraFlags);
    }

    /** {@link #agent} on the given channel ("pty" or "unix"). */
    Process agentOn(String channel, Path sock, Path state, int interval, String... extraFlags) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(agentFlags);
        cmd.addAll(List.of(extraFlags));
        // exactly as the systemd unit starts it: `run` alone, the rest from the environment
        if (classPath) {
            // the module jars in name order (LC_ALL=C ls order), so an archive dumped with the same
            // -cp string matches
            List<String> jars = new ArrayList<>();
            try (Stream<Path> s = Files.list(mods)) {
                s.map(Path::toString).filter(n -> n.endsWith(".jar")).sorted().forEach(jars::add);
            }
            cmd.addAll(List.of("-cp", String.join(":", jars), MAIN.substring(MAIN.indexOf('/') + 1), "run"));
        } else if (linked) {
            cmd.addAll(List.of("-m", MAIN, "run"));
        } else {
            cmd.addAll(List.of("-p", mods.toString(), "-m", MAIN, "run"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("agent.log").toFile()));
        pb.environment().put("INFINISERVICE_SHARED_SECRET", SECRET);
        pb.environment().put("INFINIBAY_VM_ID", "bench-vm");
        Process bridge = null;
        if ("pty".equals(channel)) {
            // a raw pseudo-terminal whose master socat joins to the host socket once the agent opens it
            Path port = sock.resolveSibling(sock.getFileName() + ".vport");
            Files.deleteIfExists(port);
            bridge = new ProcessBuilder("socat", "PTY,link=" + port + ",rawer,wait-slave", "UNIX-CONNECT:" + sock)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("socat.log").toFile())).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!Files.exists(port) && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!Files.exists(port)) {
                bridge.destroyForcibly();
                throw new IOException("socat made no pseudo-terminal at " + port);
            }
            pb.environment().put("INFINISERVICE_DEVICE", port.toString());
        } else {
            pb.environment().put("INFINISERVICE_DEVICE", "unix:" + sock);
        }
        pb.environment().put("INFINISERVICE_COLLECTION_INTERVAL", Integer.toString(interval));
        pb.environment().put("INFINISERVICE_STATE_DIR", state.toString());
        // the configuration file the packages ship (reading it loads the TOML parser, as in production)
        pb.environment().put("INFINISERVICE_CONFIG", Path.of("installers/src/linux/config.toml").toAbsolutePath().toString());
        Process agent = pb.start();
        if (bridge != null) {
            BRIDGES.put(agent, bridge);
        }
        return agent;
    }

    Process trivial(String extraFlag) throws IOException {
        return trivialOn(trivialJava, extraFlag);
    }

    Process trivialOn(String javaBin, String extraFlag) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBin);
        cmd.addAll(trivialFlags);
        if (extraFlag != null) {
            cmd.add(extraFlag);
        }
        cmd.addAll(List.of("-cp", trivialClasses.toString(), "Idle"));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Process bridge = BRIDGES.remove(p);
        if (bridge != null) {
            stop(bridge);
        }
    }

    /** Starts idle {@code sleep} processes until the machine has about {@code n} processes. */
    void fillTo(int n) throws IOException {
        int missing = n - processCount();
        for (int i = 0; i < missing; i++) {
            fillers.add(new ProcessBuilder("sleep", "3600").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        }
    }

    /** At the end: the socat bridges of agents a failed phase left running. */
    static void killBridges() {
        for (Process b : BRIDGES.values()) {
            b.destroyForcibly();
        }
        BRIDGES.clear();
    }

    synchronized void killFillers() {
        for (Process p : fillers) {
            p.destroyForcibly();
        }
        for (Process p : fillers) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        fillers.clear();
    }

    // ---------------------------------------------------------------- /proc readers

    static int processCount() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc"))) {
            return (int) s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        }
    }

    static long rssKiB(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** utime + stime of the whole process, threads that ended included. */
    static long cpuTicks(long pid) throws IOException {
        String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /** Context switches per live thread (voluntary + involuntary): a wakeup costs at least one. */
    static Map<String, Long> switches(long pid) throws IOException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Path t : tasks(pid)) {
            try {
                long sum = 0;
                for (String l : Files.readAllLines(t.resolve("status"))) {
                    if (l.contains("ctxt_switches:")) {
                        sum += Long.parseLong(l.replaceAll("[^0-9]", ""));
                    }
                }
                out.put(t.getFileName().toString(), sum);
            } catch (IOException e) {
                // thread ended
            }
        }
        return out;
    }

    /** Switches of the threads alive at both ends (a thread that started in between counts from 0). */
    static long delta(Map<String, Long> before, Map<String, Long> after) {
        long d = 0;
        for (Map.Entry<String, Long> e : after.entrySet()) {
            d += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return d;
    }

    static List<Path> tasks(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return s.toList();
        }
    }

    /** Live threads: the Threads line of /proc/PID/status. */
    static int threads(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (l.startsWith("Threads:")) {
                return Integer.parseInt(l.substring("Threads:".length()).trim());
            }
        }
        throw new IllegalStateException("no Threads line for " + pid);
    }

    /** The live threads' names (/proc/PID/task/TID/comm, 15 characters), "name*N" when repeated. */
    static String threadNames(long pid) throws IOException {
        Map<String, Integer> names = new LinkedHashMap<>();
        for (Path t : tasks(pid)) {
            try {
                names.merge(Files.readString(t.resolve("comm")).trim().replace(' ', '_'), 1, Integer::sum);
            } catch (IOException e) {
                // ended
            }
        }
        StringBuilder b = new StringBuilder();
        names.forEach((n, c) -> b.append(b.length() == 0 ? "" : ",").append(n).append(c > 1 ? "*" + c : ""));
        return b.toString();
    }

    static String loadAvg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    // ---------------------------------------------------------------- host side

    static String envelope(SharedSecret secret, String payload) {
        long ts = System.currentTimeMillis();
        String nonce = UUID.randomUUID().toString();
        String sig = HmacSigner.sign(secret, 1, ts, nonce, payload);
        return "{\"type\":\"signed\",\"v\":1,\"ts\":" + ts + ",\"nonce\":\"" + nonce + "\",\"payload\":\""
                + payload.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"sig\":\"" + sig + "\"}";
    }

    record Line(long nanos, String text) {
        String type() {
            // every agent line starts with {"type":"<type>" (LineRenderer)
            if (!text.startsWith("{\"type\":\"")) {
                return "";
            }
            int end = text.indexOf('"', 9);
            return end < 0 ? "" : text.substring(9, end);
        }
    }

    /** Lines from a socket, each stamped when its newline was read, on one reader thread. */
    abstract static class LineSource implements AutoCloseable {
        final BlockingQueue<Line> inbox = new LinkedBlockingQueue<>();
        final List<Line> all = new ArrayList<>();
        volatile SocketChannel channel;

        void readLoop(SocketChannel c) {
            ByteBuffer buf = ByteBuffer.allocate(1 << 20);
            byte[] line = new byte[1 << 16];
            int len = 0;
            try {
                while (c.read(buf) >= 0) {
                    long now = System.nanoTime();
                    buf.flip();
                    while (buf.hasRemaining()) {
                        byte b = buf.get();
                        if (b == '\n') {
                            Line l = new Line(now, new String(line, 0, len, StandardCharsets.UTF_8));
                            synchronized (all) {
                                all.add(l);
                            }
                            inbox.add(l);
                            len = 0;
                        } else {
                            if (len == line.length) {
                                line = Arrays.copyOf(line, len * 2);
                            }
                            line[len++] = b;
                        }
                    }
                    buf.clear();
                }
            } catch (IOException e) {
                // closed
            }
        }

        Line await(Predicate<Line> p, int seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (true) {
                Line l = inbox.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (l == null) {
                    throw new IllegalStateException("no matching line within " + seconds + " s");
                }
                if (p.test(l)) {
                    return l;
                }
            }
        }

        void drop(Predicate<Line> p) {
            inbox.removeIf(p);
        }

        void send(String line) throws IOException {
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }

        int count(String type) {
            synchronized (all) {
                return (int) all.stream().filter(l -> l.type().equals(type)).count();
            }
        }

        List<Long> sizes(String type) {
            synchronized (all) {
                return all.stream().filter(l -> l.type().equals(type))
                        .map(l -> (long) l.text.getBytes(StandardCharsets.UTF_8).length + 1).toList();
            }
        }

        void clear() {
            synchronized (all) {
                all.clear();
            }
            inbox.clear();
        }
    }

    /** The host's end of QEMU's chardev socket: the agent connects to it. */
    static final class RawHost extends LineSource {
        final Path path;
        final ServerSocketChannel server;

        RawHost(Path path) throws IOException {
            this.path = path;
            Files.deleteIfExists(path);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(path));
            Thread t = new Thread(() -> {
                try {
                    SocketChannel c = server.accept();
                    channel = c;
                    readLoop(c);
                } catch (IOException e) {
                    // closed
                }
            }, "bench-host");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            SocketChannel c = channel;
            if (c != null) {
                c.close();
            }
            server.close();
            Files.deleteIfExists(path);
        }
    }

    /** A client of qemu-ga's unix-listen socket. */
    static final class RawClient extends LineSource {
        RawClient(Path path) throws IOException {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
            SocketChannel c = channel;
            Thread t = new Thread(() -> readLoop(c), "bench-qga");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    // ---------------------------------------------------------------- numbers

    void put(String k, Object v) {
        results.put(k, v instanceof Double x ? String.format(Locale.ROOT, "%.3f", x) : String.valueOf(v));
    }

    double d(String k) {
        String v = results.get(k);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    static double ticksToMs(long ticks) {
        return ticks * 1000.0 / CLK_TCK;
    }

    static double median(List<Double> v) {
        return pct(v, 50);
    }

    static double pct(List<Double> v, int p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return s.get(Math.max(0, Math.min(s.size() - 1, i)));
    }

    static long medianL(List<Long> v) {
        if (v.isEmpty()) {
            return 0;
        }
        List<Long> s = new ArrayList<>(v);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    static long max(List<Long> v) {
        return v.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    static String fmtList(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        StringBuilder b = new StringBuilder("median " + f0(median(v)) + " ms, sorted:");
        for (double x : s) {
            b.append(' ').append(f0(x));
        }
        return b.toString();
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static void sleepMs(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }

    static void sleepUntil(long nanos) throws InterruptedException {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    static void say(String s) {
        System.out.println(s);
        System.out.flush();
    }
}

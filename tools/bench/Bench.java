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
 * qemu-ga, and prints five figures with their ratios and the targets:
 * <ol>
 *   <li>steady RSS (1 s interval, processes and ports collected) vs. the trivial JVM;</li>
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
    final String java;
    final int steadySeconds;
    final int startupRuns;
    final int requests;
    final String qemuGa;
    final List<String> only;
    final List<Process> fillers = new ArrayList<>();
    final Map<String, String> results = new LinkedHashMap<>();

    Bench(Map<String, String> o) throws IOException {
        mods = Path.of(o.get("modules"));
        work = Files.createDirectories(Path.of(o.get("work")));
        agentFlags = flags(Path.of(o.get("jvm-options")));
        // The trivial JVM gets the same flags except an AppCDS archive, which belongs to the agent's
        // module path (a mismatched archive would only be refused with a warning).
        trivialFlags = agentFlags.stream().filter(f -> !f.startsWith("-XX:SharedArchiveFile")).toList();
        trivialClasses = Path.of(o.get("trivial-classes"));
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        steadySeconds = Integer.parseInt(o.getOrDefault("seconds", "60"));
        startupRuns = Integer.parseInt(o.getOrDefault("runs", "10"));
        requests = Integer.parseInt(o.getOrDefault("requests", "1000"));
        qemuGa = o.getOrDefault("qemu-ga", "/usr/sbin/qemu-ga");
        only = o.containsKey("only") ? List.of(o.get("only").split(",")) : List.of();
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
        try {
            b.run();
        } finally {
            b.killFillers();
        }
    }

    void run() throws Exception {
        say("agent flags: " + String.join(" ", agentFlags));
        say("machine: " + Runtime.getRuntime().availableProcessors() + " cores, load " + loadAvg()
                + ", " + processCount() + " processes");
        if (only.isEmpty() || only.contains("startup")) {
            startup();
        }
        if (only.isEmpty() || only.contains("steady")) {
            steady();
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
            Process p = trivial();
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
                Process a = agent(host.path, state, 30);
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

    // ---------------------------------------------------------------- 1, 2, 5: RSS, CPU, bytes

    void steady() throws Exception {
        int target = 100;
        fillTo(target);
        say("== steady: agent (--interval 1) and trivial JVM side by side for " + steadySeconds + " s, "
                + processCount() + " processes");
        Process idle = trivial();
        try (RawHost host = new RawHost(work.resolve("steady.sock"))) {
            Process a = agent(host.path, Files.createDirectories(work.resolve("state-steady")), 1);
            try {
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
                put("rss.agent_mib", medianL(agentTail) / 1024.0);
                put("rss.agent_max_mib", max(agentTail) / 1024.0);
                put("rss.trivial_mib", medianL(idleTail) / 1024.0);
                put("cpu.cycles_100", lines1 - lines0);
                put("cpu.per_cycle_ms_100", ticksToMs(cpu1 - cpu0) / Math.max(1, lines1 - lines0));
                put("threads.agent", threads(a.pid()));
                put("threads.trivial", threads(idle.pid()));
                put("bytes.metrics_100", medianL(host.sizes("metrics")));
                say("   agent RSS (KiB, 1/s)   " + agentRss);
                say("   trivial RSS (KiB, 1/s) " + idleRss);
                say("   agent threads " + threadNames(a.pid()));

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
                put("rss.agent_1000_mib", max(rss1000) / 1024.0);
                put("bytes.metrics_1000", medianL(host.sizes("metrics")));
            } finally {
                stop(a);
                stop(idle);
            }
        }
        killFillers();
    }

    // ---------------------------------------------------------------- 2b idle, 4 round trips

    void commands() throws Exception {
        fillTo(100);
        say("== idle and round trips: " + processCount() + " processes");
        try (RawHost host = new RawHost(work.resolve("rtt.sock"))) {
            Process a = agent(host.path, Files.createDirectories(work.resolve("state-rtt")), 60);
            Process idle = trivial();
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

    void report() {
        double rss = d("rss.agent_mib");
        double rssMax = d("rss.agent_max_mib");
        double triv = d("rss.trivial_mib");
        double qgaMed = results.containsKey("rtt.qga_median_ms") ? d("rtt.qga_median_ms") : Double.NaN;
        say("");
        say("== results (" + String.join(" ", agentFlags) + ")");
        row("1 steady RSS, agent (median / max of last half)", f1(rss) + " / " + f1(rssMax) + " MiB",
                "x" + f2(rss / triv) + " trivial JVM (" + f1(triv) + " MiB)",
                check(rssMax <= 45 && rss / triv <= 1.3, "<= 45 MiB and <= 1.3x"));
        row("  RSS at ~1000 processes (max)", f1(d("rss.agent_1000_mib")) + " MiB",
                "x" + f2(d("rss.agent_1000_mib") / triv) + " trivial", "");
        if (results.containsKey("rss.qga_mib")) {
            row("  qemu-ga RSS", f1(d("rss.qga_mib")) + " MiB", "agent x" + f1(rss / d("rss.qga_mib")), "");
        }
        row("  threads (agent / trivial)", results.get("threads.agent") + " / " + results.get("threads.trivial"), "", "");
        row("2 CPU per cycle, ~100 processes", f1(d("cpu.per_cycle_ms_100")) + " ms",
                "over " + results.get("cpu.cycles_100") + " cycles; x" + f2(d("cpu.per_cycle_ms_100") / 30)
                        + " of target", check(d("cpu.per_cycle_ms_100") <= 30, "<= 30 ms"));
        row("  CPU per cycle, ~1000 processes", f1(d("cpu.per_cycle_ms_1000")) + " ms",
                "over " + results.get("cpu.cycles_1000") + " cycles; x" + f2(d("cpu.per_cycle_ms_1000") / 150)
                        + " of target", check(d("cpu.per_cycle_ms_1000") <= 150, "<= 150 ms"));
        row("  idle between cycles (agent / trivial)", f1(d("idle.cpu_ms_per_min")) + " / "
                        + f1(d("idle.trivial_cpu_ms_per_min")) + " ms CPU per min",
                f1(d("idle.wakeups_per_s")) + " / " + f1(d("idle.trivial_wakeups_per_s")) + " wakeups/s", "");
        row("3 exec -> handshake (median)", f0(d("startup.handshake_ms")) + " ms",
                "x" + f2(d("startup.handshake_ms") / d("startup.trivial_ms")) + " trivial JVM exec->first line ("
                        + f0(d("startup.trivial_ms")) + " ms)", check(d("startup.handshake_ms") <= 700, "<= 700 ms"));
        row("  exec -> first metrics (median)", f0(d("startup.metrics_ms")) + " ms",
                "includes the >= 1 s priming sample (CONTRACT 7.9)",
                check(d("startup.metrics_ms") - 1000 <= 700, "<= 700 ms + 1 s priming"));
        row("4 keep_alive round trip median / p99", f2(d("rtt.keepalive_median_ms")) + " / "
                        + f2(d("rtt.keepalive_p99_ms")) + " ms",
                "x" + f1(d("rtt.keepalive_median_ms") / qgaMed) + " qemu-ga guest-ping",
                check(d("rtt.keepalive_median_ms") <= 3 * qgaMed, "<= 3x"));
        row("  SystemInfo round trip median / p99", f2(d("rtt.systeminfo_median_ms")) + " / "
                        + f2(d("rtt.systeminfo_p99_ms")) + " ms",
                "x" + f1(d("rtt.systeminfo_median_ms") / qgaMed) + " qemu-ga guest-ping",
                check(d("rtt.systeminfo_median_ms") <= 3 * qgaMed, "<= 3x"));
        row("  qemu-ga guest-ping median / p99", f3(qgaMed) + " / "
                + (results.containsKey("rtt.qga_p99_ms") ? f3(d("rtt.qga_p99_ms")) : "-") + " ms",
                requests + " requests each", "");
        row("5 bytes per metrics line (~100 / ~1000 processes)", results.get("bytes.metrics_100") + " / "
                + results.get("bytes.metrics_1000") + " B", "x" + f2(d("bytes.metrics_100") / (1024 * 1024.0))
                + " of the 1 MiB soft limit", "");
        say("");
        StringBuilder raw = new StringBuilder("raw:");
        results.forEach((k, v) -> raw.append(' ').append(k).append('=').append(v));
        say(raw.toString());
    }

    void row(String what, String value, String ratio, String verdict) {
        say(String.format(Locale.ROOT, "%-50s %-24s %-58s %s", what, value, ratio, verdict));
    }

    static String check(boolean ok, String target) {
        return (ok ? "PASS " : "FAIL ") + target;
    }

    // ---------------------------------------------------------------- processes

    Process agent(Path sock, Path state, int interval) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(agentFlags);
        // exactly as the systemd unit starts it: `run` alone, the rest from the environment
        cmd.addAll(List.of("-p", mods.toString(), "-m", MAIN, "run"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(work.resolve("agent.log").toFile()));
        pb.environment().put("INFINISERVICE_SHARED_SECRET", SECRET);
        pb.environment().put("INFINIBAY_VM_ID", "bench-vm");
        pb.environment().put("INFINISERVICE_DEVICE", "unix:" + sock);
        pb.environment().put("INFINISERVICE_COLLECTION_INTERVAL", Integer.toString(interval));
        pb.environment().put("INFINISERVICE_STATE_DIR", state.toString());
        // the configuration file the packages ship (reading it loads the TOML parser, as in production)
        pb.environment().put("INFINISERVICE_CONFIG", Path.of("installers/src/linux/config.toml").toAbsolutePath().toString());
        return pb.start();
    }

    Process trivial() throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(trivialFlags);
        cmd.addAll(List.of("-cp", trivialClasses.toString(), "Idle"));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
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

    static int threads(long pid) throws IOException {
        return tasks(pid).size();
    }

    static List<String> threadNames(long pid) throws IOException {
        List<String> names = new ArrayList<>();
        for (Path t : tasks(pid)) {
            try {
                names.add(Files.readString(t.resolve("comm")).trim());
            } catch (IOException e) {
                // ended
            }
        }
        return names;
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

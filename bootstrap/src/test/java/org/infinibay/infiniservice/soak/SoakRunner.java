package org.infinibay.infiniservice.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.infinibay.infiniservice.bootstrap.hostsim.HostPayloads;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.auth.HmacSigner;
import org.infinibay.infiniservice.it.AgentProcess;

/**
 * Soak: the real agent (module path, the shipped JVM flags) at a 1 s metrics interval, with a
 * signed command every 100 ms (keep-alive, SystemInfo, ProcessList, UnsafeCommand {@code true}, in
 * turn) for N minutes. Every 10 s it samples the agent's RSS, threads and open fds from /proc.
 * After a 2-minute warm-up (or the first third of a shorter run) it fits a least-squares slope to
 * each series and fails if RSS grows faster than 1 MiB/min, or threads or fds grow at all beyond a
 * small jitter. Also fails on unanswered commands. Usage: {@code SoakRunner minutes [workDir]}.
 */
public final class SoakRunner {
    private static final String VM_ID = "0b7f3c1e-5d2a-4c6b-8e9f-1a2b3c4d5e6f";
    private static final double RSS_SLOPE_LIMIT_KIB_PER_MIN = 1024;

    private record Sample(double minute, long rssKb, int threads, int fds) {
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 10;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("infiniservice-soak");
        Files.createDirectories(dir);
        String secret = HmacSigner.deriveSecret("soak-master-secret", VM_ID);
        Path sock = dir.resolve("host.sock");
        int rc;
        try (HostSimulator host = new HostSimulator(sock, secret)) {
            Process agent = startAgent(sock, secret, dir);
            try {
                rc = soak(host, agent, minutes);
            } finally {
                agent.destroy();
                agent.waitFor();
            }
            if (rc != 0) {
                String log = Files.readString(dir.resolve("agent.log"));
                System.out.println("[soak] agent log tail:\n" + log.substring(Math.max(0, log.length() - 4000)));
            }
        }
        System.out.println(rc == 0 ? "SOAK PASS" : "SOAK FAIL");
        System.exit(rc);
    }

    /** The agent as shipped: the module path and the flags of bootstrap/jvm.options. */
    private static Process startAgent(Path sock, String secret, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path options = Path.of(System.getProperty("infiniservice.jvmOptions", "bootstrap/jvm.options"));
        for (String l : Files.readAllLines(options)) {
            if (!l.isBlank() && !l.strip().startsWith("#")) {
                cmd.add(l.strip());
            }
        }
        cmd.addAll(List.of("-p", AgentProcess.modulesDir().toString(),
                "-m", "org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main",
                "run", "--device", "unix:" + sock, "--interval", "1", "--state-dir", dir.resolve("state").toString()));
        System.out.println("[soak] agent: " + String.join(" ", cmd));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().remove("INFINISERVICE_DEVICE");
        pb.environment().put("INFINIBAY_VM_ID", VM_ID);
        pb.environment().put("INFINISERVICE_SHARED_SECRET", secret);
        return pb.start();
    }

    private static int soak(HostSimulator host, Process agent, double minutes) throws Exception {
        long pid = agent.pid();
        host.awaitConnection(1, Duration.ofSeconds(30));
        host.awaitType("request_pending_scripts", Duration.ofSeconds(30));
        Set<String> outstanding = ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong metrics = new java.util.concurrent.atomic.AtomicLong();
        Thread drain = new Thread(() -> {
            while (true) {
                try {
                    HostSimulator.Received r = host.await(x -> true, Duration.ofDays(1));
                    if ("response".equals(r.type())) {
                        if (outstanding.remove(r.json().string("id").orElse(""))) {
                            answered.incrementAndGet();
                        }
                    } else if ("keep_alive".equals(r.type())) {
                        if (outstanding.remove("ka-" + r.json().integer("sequence_number").orElse(-1))) {
                            answered.incrementAndGet();
                        }
                    } else if ("metrics".equals(r.type())) {
                        metrics.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IllegalStateException timeout) {
                    // keep draining
                }
            }
        }, "soak-drain");
        drain.setDaemon(true);
        drain.start();

        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        long end = start + (long) (minutes * 60e9);
        long nextSample = start;
        long sent = 0;
        long seq = 0;
        while (System.nanoTime() < end) {
            if (!agent.isAlive()) {
                System.out.println("[soak] the agent died");
                return 1;
            }
            long now = System.nanoTime();
            if (now >= nextSample) {
                Sample s = sample(pid, (now - start) / 60e9);
                samples.add(s);
                System.out.printf("[soak] t=%5.2f min rss=%d KiB threads=%d fds=%d commands=%d answered=%d metrics=%d%n",
                        s.minute(), s.rssKb(), s.threads(), s.fds(), sent, answered.get(), metrics.get());
                host.forgetReceived(); // the simulator's own record would grow; the drain thread counts
                nextSample += 10_000_000_000L;
            }
            String id = UUID.randomUUID().toString();
            String payload;
            switch ((int) (sent % 4)) {
                case 0 -> {
                    seq++;
                    id = "ka-" + seq;
                    payload = HostPayloads.keepAliveRequest(seq);
                }
                case 1 -> payload = HostPayloads.safe(id, "SystemInfo", 30);
                case 2 -> payload = HostPayloads.safe(id, "ProcessList", 30);
                default -> payload = HostPayloads.unsafe(id, "true", 30);
            }
            outstanding.add(id);
            host.sendSigned(payload);
            sent++;
            Thread.sleep(100);
        }
        long waitEnd = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!outstanding.isEmpty() && System.nanoTime() < waitEnd) {
            Thread.sleep(100);
        }
        samples.add(sample(pid, (System.nanoTime() - start) / 60e9));
        return verdict(samples, minutes, sent, answered.get(), outstanding.size(), metrics.get());
    }

    private static int verdict(List<Sample> samples, double minutes, long sent, long answered, int unanswered, long metrics) {
        double warmup = Math.min(2.0, minutes / 3);
        List<Sample> steady = samples.stream().filter(s -> s.minute() >= warmup).toList();
        if (steady.size() < 3) {
            System.out.println("[soak] too few samples after the warm-up: " + steady.size());
            return 1;
        }
        double rssSlope = slope(steady, s -> s.rssKb());
        double threadSlope = slope(steady, s -> s.threads());
        double fdSlope = slope(steady, s -> s.fds());
        Sample first = steady.get(0);
        Sample last = steady.get(steady.size() - 1);
        int maxThreads = steady.stream().mapToInt(Sample::threads).max().orElse(0);
        int maxFds = steady.stream().mapToInt(Sample::fds).max().orElse(0);
        long maxRss = steady.stream().mapToLong(Sample::rssKb).max().orElse(0);
        System.out.printf("[soak] %.1f min: %d commands sent (every 100 ms: keep-alive, SystemInfo, ProcessList, "
                + "UnsafeCommand true), %d answered, %d unanswered; %d metrics lines (1 s interval)%n",
                minutes, sent, answered, unanswered, metrics);
        System.out.printf("[soak] after the %.1f min warm-up (%d samples): RSS %d → %d KiB (max %d), slope %.1f KiB/min "
                        + "(limit %.0f); threads %d → %d (max %d), slope %.2f/min; fds %d → %d (max %d), slope %.2f/min%n",
                warmup, steady.size(), first.rssKb(), last.rssKb(), maxRss, rssSlope, RSS_SLOPE_LIMIT_KIB_PER_MIN,
                first.threads(), last.threads(), maxThreads, threadSlope, first.fds(), last.fds(), maxFds, fdSlope);
        List<String> failures = new ArrayList<>();
        if (rssSlope > RSS_SLOPE_LIMIT_KIB_PER_MIN) {
            failures.add("RSS grows " + Math.round(rssSlope) + " KiB/min");
        }
        // threads and fds: a pool may breathe by a few, but must not trend upwards
        if (last.threads() > first.threads() + 4 && threadSlope > 0.5) {
            failures.add("threads grow: " + first.threads() + " → " + last.threads());
        }
        if (last.fds() > first.fds() + 4 && fdSlope > 0.5) {
            failures.add("fds grow: " + first.fds() + " → " + last.fds());
        }
        if (unanswered > 0) {
            failures.add(unanswered + " commands unanswered");
        }
        failures.forEach(f -> System.out.println("[soak] FAILED: " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    /** Least-squares slope of {@code y} per minute. */
    private static double slope(List<Sample> s, java.util.function.ToDoubleFunction<Sample> y) {
        double n = s.size();
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        for (Sample p : s) {
            double x = p.minute();
            double v = y.applyAsDouble(p);
            sx += x;
            sy += v;
            sxy += x * v;
            sxx += x * x;
        }
        double d = n * sxx - sx * sx;
        return d == 0 ? 0 : (n * sxy - sx * sy) / d;
    }

    private static Sample sample(long pid, double minute) throws IOException {
        long rss = 0;
        int threads = 0;
        for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("[^0-9]", ""));
            } else if (l.startsWith("Threads:")) {
                threads = Integer.parseInt(l.replaceAll("[^0-9]", ""));
            }
        }
        int fds;
        try (Stream<Path> s = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
            fds = (int) s.count();
        }
        return new Sample(minute, rss, threads, fds);
    }
}

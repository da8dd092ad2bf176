package org.infinibay.infiniservice.adapters.linux.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.linux.apps.LinuxAppCatalog;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsPortSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.application.service.apps.TrackedApplicationSource;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;
import org.infinibay.infiniservice.domain.metrics.MetricsTrim;
import org.infinibay.infiniservice.domain.metrics.MetricsWire;
import org.infinibay.infiniservice.domain.metrics.PortMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/**
 * CPU cost of one full collection cycle (system + processes + ports + applications + wire mapping) at
 * about 100 and about 1000 real processes, and of our process/port readers against OSHI's
 * {@code getProcesses()} / {@code getConnections()} in the same run. Ports are measured twice: with the
 * machine's own sockets (our reader skips a TCP table whose sockstat count is 0), and with an AF_INET6
 * listener on [::] and an AF_INET listener on 127.0.0.1 opened by the bench, so both TCP tables must be
 * read (the kernel walks its whole established hash for each). CPU time of the calling thread
 * (all readers are single-threaded; OSHI's are too on Linux) and of the whole process (adds GC/JIT),
 * median over several iterations after a warm-up. Not a test: run {@code tools/bench-metrics.sh}.
 */
public final class MetricsBench {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private MetricsBench() {
    }

    record Cost(double threadMs, double processMs, double wallMs) {
    }

    interface Work {
        Object run() throws Exception;
    }

    static Cost measure(Work w, int warmup, int runs) throws Exception {
        for (int i = 0; i < warmup; i++) {
            w.run();
        }
        double[] t = new double[runs];
        double[] p = new double[runs];
        double[] wall = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = THREADS.getCurrentThreadCpuTime();
            long p0 = OS.getProcessCpuTime();
            long w0 = System.nanoTime();
            Object keep = w.run();
            wall[i] = (System.nanoTime() - w0) / 1e6;
            t[i] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
            p[i] = (OS.getProcessCpuTime() - p0) / 1e6;
            if (keep == null) {
                throw new IllegalStateException("no result");
            }
        }
        return new Cost(median(t), median(p), median(wall));
    }

    static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    static int processCount() {
        String[] names = new java.io.File("/proc").list();
        int n = 0;
        for (String s : names) {
            if (!s.isEmpty() && Character.isDigit(s.charAt(0))) {
                n++;
            }
        }
        return n;
    }

    /** "TCP n, TCP6 m": the in-use counts that decide which TCP tables our reader reads. */
    static String tcpInUse() throws Exception {
        List<String> counts = new ArrayList<>();
        for (String file : new String[] {"/proc/net/sockstat", "/proc/net/sockstat6"}) {
            for (String line : Files.readAllLines(Path.of(file))) {
                if (line.startsWith("TCP:") || line.startsWith("TCP6:")) {
                    String[] f = line.split("\\s+");
                    counts.add(f[0].replace(":", "") + " " + f[2]);
                }
            }
        }
        return String.join(", ", counts);
    }

    static ServerSocketChannel listen(StandardProtocolFamily family, String address) throws Exception {
        return ServerSocketChannel.open(family).bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 21;
        int warmup = Math.max(5, runs / 2);
        Path state = Files.createTempDirectory("metrics-bench");
        List<Process> helpers = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> helpers.forEach(Process::destroyForcibly)));

        ProcfsSystemMetricsSource system = new ProcfsSystemMetricsSource();
        ProcfsProcessSource processes = new ProcfsProcessSource();
        ProcfsPortSource ports = new ProcfsPortSource();
        TrackedApplicationSource apps = new TrackedApplicationSource(new FileStateStore(state),
                LinuxAppCatalog.standard(r -> {
                    throw new IllegalStateException("no program runs in the bench");
                }));
        system.prime();
        long coldT0 = THREADS.getCurrentThreadCpuTime();
        apps.applications(processes.sample(), System.currentTimeMillis());
        double coldInventoryMs = (THREADS.getCurrentThreadCpuTime() - coldT0) / 1e6;
        OperatingSystem oshi = new SystemInfo().getOperatingSystem();
        long ownPid = ProcessHandle.current().pid();

        System.out.printf("%-34s %9s %12s %12s %10s%n", "measurement", "processes", "thread CPU", "process CPU",
                "wall");
        List<String> ratios = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        for (int target : new int[] {100, 1000}) {
            int missing = target - processCount();
            if (missing > 0) {
                Process p = new ProcessBuilder("bash", "-c",
                        "for i in $(seq " + missing + "); do sleep 600 & done; echo ok; wait").start();
                helpers.add(p);
                p.getInputStream().read();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (processCount() < target && System.nanoTime() < until) {
                    Thread.sleep(50);
                }
            }
            int n = processCount();
            long[] now = {System.currentTimeMillis()};
            Cost cycle = measure(() -> {
                SystemMetrics s = system.sample();
                List<ProcessMetric> ps = processes.sample();
                List<PortMetric> pt = ports.sample();
                now[0] += 10_000;
                JsonArray a = apps.applications(ps, now[0]);
                return MetricsWire.data(new MetricsSnapshot(s, ps, pt, a, null), MetricsTrim.NONE, 50, ownPid);
            }, warmup, runs);
            Cost ourProcs = measure(processes::sample, warmup, runs);
            Cost oshiProcs = measure(oshi::getProcesses, warmup, runs);
            String machineSockets = tcpInUse();
            Cost ourPorts = measure(ports::sample, warmup, runs);
            Cost oshiPorts = measure(() -> oshi.getInternetProtocolStats().getConnections(), warmup, runs);
            Cost ourPortsBoth;
            Cost oshiPortsBoth;
            try (ServerSocketChannel v6 = listen(StandardProtocolFamily.INET6, "::");
                 ServerSocketChannel v4 = listen(StandardProtocolFamily.INET, "127.0.0.1")) {
                for (ServerSocketChannel l : new ServerSocketChannel[] {v6, v4}) {
                    int port = ((InetSocketAddress) l.getLocalAddress()).getPort();
                    if (ports.sample().stream().noneMatch(p -> p.protocol().equals("tcp") && p.port() == port)) {
                        throw new IllegalStateException("our reader misses the listener " + l.getLocalAddress());
                    }
                }
                ourPortsBoth = measure(ports::sample, warmup, runs);
                oshiPortsBoth = measure(() -> oshi.getInternetProtocolStats().getConnections(), warmup, runs);
            }
            List<ProcessMetric> sample = processes.sample();
            Cost appsOnly = measure(() -> {
                now[0] += 10_000;
                JsonArray a = apps.applications(sample, now[0]);
                return a == null ? JsonArray.EMPTY : a;
            }, warmup, runs);
            row("full cycle", n, cycle);
            row("  applications (per cycle)", n, appsOnly);
            row("processes: ours", n, ourProcs);
            row("processes: OSHI getProcesses()", n, oshiProcs);
            row("ports: ours", n, ourPorts);
            row("ports: OSHI getConnections()", n, oshiPorts);
            row("ports +[::] +127.0.0.1 TCP: ours", n, ourPortsBoth);
            row("ports +[::] +127.0.0.1 TCP: OSHI", n, oshiPortsBoth);
            ratios.add(String.format("~%d processes: OSHI/ours CPU = processes %.1fx, ports %.1fx (machine's sockets"
                    + " in use: %s), ports with IPv4 and IPv6 TCP listeners %.1fx", target,
                    oshiProcs.threadMs() / ourProcs.threadMs(), oshiPorts.threadMs() / ourPorts.threadMs(),
                    machineSockets, oshiPortsBoth.threadMs() / ourPortsBoth.threadMs()));
            double limit = target == 100 ? 30 : 150;
            verdicts.add(String.format("full cycle at %d processes: %.1f ms CPU (target <= %.0f ms): %s", n,
                    cycle.threadMs(), limit, cycle.threadMs() <= limit ? "met" : "MISSED"));
        }
        System.out.printf("cold inventory scan (first applications call, desktop + dpkg index): %.1f ms CPU%n",
                coldInventoryMs);
        ratios.forEach(System.out::println);
        verdicts.forEach(System.out::println);
        helpers.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        });
    }

    private static void row(String what, int n, Cost c) {
        System.out.printf("%-34s %9d %9.2f ms %9.2f ms %7.2f ms%n", what, n, c.threadMs(), c.processMs(), c.wallMs());
    }
}

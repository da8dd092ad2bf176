package org.infinibay.infiniservice.adapters.linux.self;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.SelfSample;

/**
 * The agent's own figures from {@code /proc/self/status} ({@code VmRSS}, {@code Threads}) and the
 * process CPU time the JDK reads from {@code /proc/self/stat}. One small file read per sample; when
 * procfs is unreadable it falls back to the JVM's committed heap, so a sample never fails.
 */
public final class ProcSelfMonitor implements SelfMonitor {
    private final Path status;

    public ProcSelfMonitor() {
        this(Path.of("/proc/self/status"));
    }

    /** @param status a {@code status} file in procfs format (tests pass recorded copies) */
    public ProcSelfMonitor(Path status) {
        this.status = status;
    }

    @Override
    public SelfSample sample() {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
        long rss = -1;
        int threads = -1;
        try {
            for (String line : Files.readAllLines(status, StandardCharsets.US_ASCII)) {
                if (line.startsWith("VmRSS:")) {
                    rss = kib(line) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = (int) number(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            rss = -1;
        }
        if (rss < 0) {
            return new SelfSample(rt.totalMemory(), "jvm-committed", cpu, heapUsed,
                    threads < 0 ? Thread.activeCount() : threads);
        }
        return new SelfSample(rss, "VmRSS", cpu, heapUsed, threads < 0 ? Thread.activeCount() : threads);
    }

    /** {@code VmRSS:	  123456 kB}: the number, in KiB. */
    private static long kib(String line) {
        long n = number(line);
        if (!line.trim().endsWith("kB")) {
            throw new IllegalArgumentException("unexpected unit in " + line);
        }
        return n;
    }

    private static long number(String line) {
        String rest = line.substring(line.indexOf(':') + 1).trim();
        int space = rest.indexOf(' ');
        return Long.parseLong(space < 0 ? rest : rest.substring(0, space));
    }
}

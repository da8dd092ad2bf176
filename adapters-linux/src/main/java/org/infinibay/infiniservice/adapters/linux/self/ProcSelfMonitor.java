package org.infinibay.infiniservice.adapters.linux.self;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.SelfSample;

/**
 * The agent's own figures from {@code /proc/self/status} ({@code VmRSS}, {@code Threads}) and its CPU
 * time from {@code /proc/self/stat} ({@code utime + stime}, what {@code ProcessHandle.Info} reads, without
 * loading it). Two small file reads per sample; when procfs is unreadable the RSS falls back to the JVM's
 * committed heap and the CPU time is unknown (-1), so a sample never fails.
 */
public final class ProcSelfMonitor implements SelfMonitor {
    private static final int STAT_MAX = 4096;

    private final Path status;
    private final String stat;
    private final long nanosPerTick;

    public ProcSelfMonitor() {
        this(Path.of("/proc/self/status"));
    }

    /** @param status a {@code status} file in procfs format (tests pass recorded copies); {@code stat} beside it */
    public ProcSelfMonitor(Path status) {
        this(status, Auxv.read("/").clockTicks());
    }

    /** @param clockTicks {@code sysconf(_SC_CLK_TCK)} of the kernel */
    ProcSelfMonitor(Path status, long clockTicks) {
        this.status = status;
        Path dir = status.getParent();
        this.stat = (dir == null ? Path.of("stat") : dir.resolve("stat")).toString();
        this.nanosPerTick = 1_000_000_000L / clockTicks;
    }

    @Override
    public long pid() {
        return ProcSelf.pid();
    }

    @Override
    public SelfSample sample() {
        Runtime rt = Runtime.getRuntime();
        long heapUsed = rt.totalMemory() - rt.freeMemory();
        long cpu = cpuNanos();
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

    /** {@code utime + stime} of the {@code stat} file, in nanoseconds; -1 when unreadable. */
    long cpuNanos() {
        byte[] buf = new byte[STAT_MAX];
        int len = 0;
        try (FileInputStream in = new FileInputStream(stat)) {
            int n;
            while (len < buf.length && (n = in.read(buf, len, buf.length - len)) > 0) {
                len += n;
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        long ticks = cpuTicks(buf, len);
        return ticks < 0 ? -1 : ticks * nanosPerTick;
    }

    /**
     * Fields 14 and 15 of a {@code stat} line ({@code pid (comm) state ppid ...}), counted after the last
     * {@code ')'} since the command name may hold spaces and parentheses; -1 when the line is malformed.
     */
    static long cpuTicks(byte[] buf, int len) {
        int close = -1;
        for (int i = len - 1; i >= 0; i--) {
            if (buf[i] == ')') {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return -1;
        }
        long sum = 0;
        int field = 2; // the field ending at the ')' is the 2nd (comm)
        int i = close + 1;
        while (i < len && field < 15) {
            while (i < len && buf[i] == ' ') {
                i++;
            }
            if (i >= len || buf[i] == '\n') {
                return -1;
            }
            field++;
            long v = 0;
            boolean digits = true;
            int start = i;
            while (i < len && buf[i] != ' ' && buf[i] != '\n') {
                int d = buf[i] - '0';
                if (d < 0 || d > 9 || v > (Long.MAX_VALUE - d) / 10) {
                    digits = false;
                } else {
                    v = v * 10 + d;
                }
                i++;
            }
            if (field >= 14) {
                if (!digits || i == start) {
                    return -1;
                }
                sum += v;
            }
        }
        return field == 15 ? sum : -1;
    }
}

package org.infinibay.infiniservice.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the guest console file and collects the {@code VMSAMPLE} lines that
 * {@code tools/vm-e2e/guest-run.sh} prints every second: the agent's CPU ticks (utime+stime from
 * /proc/<pid>/stat inside the guest), RSS, threads and fds, with the guest uptime.
 */
final class GuestSamples implements AutoCloseable {
    private static final Pattern SAMPLE = Pattern.compile(
            "VMSAMPLE up=([0-9.]+) ticks=(\\d+) hz=(\\d+) threads=(\\d+) rss_kb=(\\d+) fds=(\\d+)");

    /** One guest sample, stamped with the host time at which we read it. */
    record Sample(long hostMs, double uptime, long ticks, int hz, int threads, long rssKb, int fds) {
    }

    /** CPU use of the agent between two samples, from inside the guest. */
    record Cpu(double percent, double guestSeconds, long ticks) {
    }

    private final Path console;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread tailer;
    private volatile boolean running = true;

    GuestSamples(Path console) {
        this.console = console;
        tailer = new Thread(this::tail, "guest-console-tail");
        tailer.setDaemon(true);
        tailer.start();
    }

    private void tail() {
        long pos = 0;
        StringBuilder partial = new StringBuilder();
        while (running) {
            try (RandomAccessFile f = new RandomAccessFile(console.toFile(), "r")) {
                while (running) {
                    long len = f.length();
                    if (len > pos) {
                        f.seek(pos);
                        byte[] b = new byte[(int) Math.min(len - pos, 1 << 20)];
                        f.readFully(b);
                        pos += b.length;
                        partial.append(new String(b, StandardCharsets.ISO_8859_1));
                        int nl;
                        while ((nl = partial.indexOf("\n")) >= 0) {
                            line(partial.substring(0, nl));
                            partial.delete(0, nl + 1);
                        }
                    }
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                sleepQuietly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void line(String l) {
        Matcher m = SAMPLE.matcher(l);
        if (m.find()) {
            Sample s = new Sample(System.currentTimeMillis(), Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Long.parseLong(m.group(5)),
                    Integer.parseInt(m.group(6)));
            synchronized (samples) {
                samples.add(s);
            }
        }
    }

    List<Sample> all() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    Sample latest() {
        synchronized (samples) {
            return samples.isEmpty() ? null : samples.get(samples.size() - 1);
        }
    }

    /** The agent's CPU use over the samples read within [fromMs, toMs] (host time). */
    Cpu cpuBetween(long fromMs, long toMs) {
        Sample first = null;
        Sample last = null;
        for (Sample s : all()) {
            if (s.hostMs() >= fromMs && s.hostMs() <= toMs) {
                if (first == null) {
                    first = s;
                }
                last = s;
            }
        }
        if (first == null || last == first) {
            throw new IllegalStateException("fewer than two guest samples in the window");
        }
        double secs = last.uptime() - first.uptime();
        long ticks = last.ticks() - first.ticks();
        return new Cpu(100.0 * ticks / first.hz() / secs, secs, ticks);
    }

    @Override
    public void close() {
        running = false;
        tailer.interrupt();
    }
}

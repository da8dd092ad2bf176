package org.infinibay.infiniservice.vm;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the guest console file and collects the {@code VMSAMPLE} lines that
 * {@code tools/vm-e2e/guest-run.sh} prints every second: the agent's CPU ticks (utime+stime from
 * /proc/<pid>/stat inside the guest), RSS, threads and fds, with the guest uptime.
 */
final class GuestSamples implements AutoCloseable {
    private static final Pattern SAMPLE = Pattern.compile(
            "VMSAMPLE up=([0-9.]+) ticks=(\\d+) hz=(\\d+) threads=(\\d+) rss_kb=(\\d+) fds=(\\d+) threads:(.*)$");

    /** One guest sample, stamped with the host time at which we read it. */
    /** @param perThread ticks per thread, keyed "comm/tid" (comm as the kernel shows it, at most 15 characters) */
    record Sample(long hostMs, double uptime, long ticks, int hz, int threads, long rssKb, int fds,
                  Map<String, Long> perThread) {
    }

    /** CPU use of the agent between two samples, from inside the guest. */
    /** @param perThread ticks per thread name (threads of one name summed) within the window */
    record Cpu(double percent, double guestSeconds, long ticks, Map<String, Long> perThread) {
        /** CPU of the threads whose kernel name starts with one of the prefixes, in percent of one CPU. */
        double percentOf(List<String> namePrefixes) {
            long t = 0;
            for (Map.Entry<String, Long> e : perThread.entrySet()) {
                for (String p : namePrefixes) {
                    if (e.getKey().startsWith(p)) {
                        t += e.getValue();
                        break;
                    }
                }
            }
            return ticks == 0 ? 0 : percent * t / ticks; // the same ticks-per-second scale as percent
        }

        /** The busiest threads of the window, "name ticks" each. */
        String busiest(int n) {
            List<Map.Entry<String, Long>> l = new ArrayList<>(perThread.entrySet());
            l.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, Long> e : l.subList(0, Math.min(n, l.size()))) {
                if (e.getValue() > 0) {
                    sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
                }
            }
            return sb.length() == 0 ? "none" : sb.toString();
        }
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

    private static Map<String, Long> perThread(String text) {
        Map<String, Long> out = new TreeMap<>();
        for (String item : text.split(";")) {
            int eq = item.lastIndexOf('=');
            if (eq > 0 && item.indexOf('/') > 0) {
                out.put(item.substring(0, eq).strip(), Long.parseLong(item.substring(eq + 1).strip()));
            }
        }
        return out;
    }

    private void line(String l) {
        Matcher m = SAMPLE.matcher(l);
        if (m.find()) {
            Sample s = new Sample(System.currentTimeMillis(), Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Long.parseLong(m.group(5)),
                    Integer.parseInt(m.group(6)), perThread(m.group(7)));
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
        Map<String, Long> per = new TreeMap<>();
        for (Map.Entry<String, Long> e : last.perThread().entrySet()) {
            // a thread born in the window counts from 0; one that ended takes its ticks along
            long d = e.getValue() - first.perThread().getOrDefault(e.getKey(), 0L);
            String name = e.getKey().substring(0, e.getKey().lastIndexOf('/'));
            per.merge(name, Math.max(0, d), Long::sum);
        }
        return new Cpu(100.0 * ticks / first.hz() / secs, secs, ticks, per);
    }

    @Override
    public void close() {
        running = false;
        tailer.interrupt();
    }
}

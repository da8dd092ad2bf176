package org.infinibay.infiniservice.application.service.actions;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;

/**
 * Retains real resource samples for CheckResourceOptimization (CONTRACT §8.5.8, pitfall P13): at most
 * one per minute, for at most 7 days (≤ 10 080 samples), persisted through the {@link StateStore}
 * so a restart does not reset the window. Thread-safe: the collector adds, workers read.
 */
public final class ResourceHistory implements MetricsObserver {
    static final String DOCUMENT = "resource-history";
    static final long MIN_SPACING_MS = 60_000;
    static final long RETENTION_MS = 7L * 86_400_000L;
    /** Persist after this many new samples, so a crash loses at most ~10 minutes. */
    static final int PERSIST_EVERY = 10;
    private static final System.Logger LOG = Logs.get(ResourceHistory.class);

    /** One retained sample; {@code diskUsedPercent} maps mount point to used %. */
    public record Sample(long epochMillis, double cpuPercent, double memoryUsedPercent,
                         Map<String, Double> diskUsedPercent) {
        public Sample {
            diskUsedPercent = Collections.unmodifiableMap(new LinkedHashMap<>(diskUsedPercent));
        }
    }

    /** The size of the machine as last seen, for recommendations. */
    public record Capacity(int logicalCpus, long memoryTotalKb, Map<String, Long> diskTotalBytes) {
        public Capacity {
            diskTotalBytes = Collections.unmodifiableMap(new LinkedHashMap<>(diskTotalBytes));
        }
    }

    private final StateStore store;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private Capacity capacity = new Capacity(0, 0, Map.of());
    private int unsaved;
    private boolean loaded;

    public ResourceHistory(StateStore store) {
        this.store = store;
    }

    @Override
    public synchronized void onSnapshot(MetricsSnapshot snapshot, long epochMillis) {
        ensureLoaded();
        SystemMetrics s = snapshot.system();
        Map<String, Double> disks = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        for (DiskUsage d : s.disks()) {
            disks.put(d.mountPoint(), d.usedPercent());
            totals.put(d.mountPoint(), d.totalBytes());
        }
        long memTotal = s.memory().totalKb();
        capacity = new Capacity(s.cpu().coresUsage().size(), memTotal, totals);
        Sample last = samples.peekLast();
        if (last != null && epochMillis - last.epochMillis() < MIN_SPACING_MS && epochMillis >= last.epochMillis()) {
            return; // bounded: one sample per minute
        }
        double memPct = memTotal <= 0 ? 0 : 100.0 * s.memory().usedKb() / memTotal;
        samples.addLast(new Sample(epochMillis, finite(s.cpu().usagePercent()), finite(memPct), disks));
        prune(epochMillis);
        if (++unsaved >= PERSIST_EVERY) {
            persist();
        }
    }

    /** Samples taken within {@code windowMs} before {@code nowMillis}, oldest first. */
    public synchronized List<Sample> window(long nowMillis, long windowMs) {
        ensureLoaded();
        List<Sample> out = new ArrayList<>();
        for (Sample s : samples) {
            if (s.epochMillis() >= nowMillis - windowMs && s.epochMillis() <= nowMillis + MIN_SPACING_MS) {
                out.add(s);
            }
        }
        return out;
    }

    public synchronized Capacity capacity() {
        ensureLoaded();
        return capacity;
    }

    @Override
    public void onShutdown() {
        persist();
    }

    /** Writes the retained samples now (also called at shutdown). */
    public synchronized void persist() {
        StringBuilder sb = new StringBuilder(samples.size() * 48 + 64);
        sb.append("v1 ").append(capacity.logicalCpus()).append(' ').append(capacity.memoryTotalKb()).append(' ')
                .append(encode(capacity.diskTotalBytes())).append('\n');
        for (Sample s : samples) {
            sb.append(s.epochMillis()).append(' ').append(s.cpuPercent()).append(' ').append(s.memoryUsedPercent())
                    .append(' ').append(encode(s.diskUsedPercent())).append('\n');
        }
        try {
            store.write(DOCUMENT, sb.toString().getBytes(StandardCharsets.UTF_8));
            unsaved = 0;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot persist resource history: {0}", e.getMessage());
        }
    }

    private void ensureLoaded() {
        if (loaded) {
            return;
        }
        loaded = true;
        try {
            Optional<byte[]> doc = store.read(DOCUMENT);
            if (doc.isPresent()) {
                parse(new String(doc.get(), StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException e) {
            // A damaged document only costs history; never invent samples to replace it (P13).
            samples.clear();
            LOG.log(System.Logger.Level.WARNING, "ignoring unreadable resource history: {0}", e.toString());
        }
    }

    private void parse(String text) {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].startsWith("v1 ")) {
            return;
        }
        String[] head = lines[0].split(" ", -1);
        capacity = new Capacity(Integer.parseInt(head[1]), Long.parseLong(head[2]),
                decode(head.length > 3 ? head[3] : "", Long::parseLong));
        long prev = Long.MIN_VALUE;
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(" ", -1);
            if (f.length < 3) {
                continue;
            }
            long t = Long.parseLong(f[0]);
            if (t < prev) {
                continue;
            }
            prev = t;
            samples.addLast(new Sample(t, finite(Double.parseDouble(f[1])), finite(Double.parseDouble(f[2])),
                    decode(f.length > 3 ? f[3] : "", Double::parseDouble)));
        }
    }

    private void prune(long nowMillis) {
        while (!samples.isEmpty() && samples.peekFirst().epochMillis() < nowMillis - RETENTION_MS) {
            samples.removeFirst();
        }
        while (samples.size() > RETENTION_MS / MIN_SPACING_MS + 1) {
            samples.removeFirst();
        }
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    private static String encode(Map<String, ? extends Number> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, ? extends Number> e : m.entrySet()) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    private static <T> Map<String, T> decode(String s, java.util.function.Function<String, T> parse) {
        Map<String, T> m = new LinkedHashMap<>();
        if (s.isEmpty()) {
            return m;
        }
        for (String pair : s.split(",")) {
            int eq = pair.lastIndexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), parse.apply(pair.substring(eq + 1)));
            }
        }
        return m;
    }
}

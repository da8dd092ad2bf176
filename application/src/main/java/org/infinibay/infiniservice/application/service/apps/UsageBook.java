package org.infinibay.infiniservice.application.service.apps;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Usage per executable, observed from the agent's own process samples: a launch is a (pid, start
 * time) pair not seen before; runtime accumulates the wall time between consecutive samples in which
 * the executable was running (a gap is capped, so a suspended VM or a stopped agent adds nothing it
 * did not observe). The live pairs are persisted too, so a restart does not count running processes
 * as new launches.
 *
 * <p>Pure Java, no I/O (the caller persists {@link #serialize()}, document {@code application-usage});
 * the format is the one the Linux agent has written since its first release, so existing files load.
 */
public final class UsageBook {
    static final String HEADER = "infiniservice-application-usage 1";
    static final int MAX_APPS = 2000;
    static final int MAX_LIVE_PERSISTED = 256;
    private static final long MAX_GAP_MILLIS = TimeUnit.MINUTES.toMillis(10);

    /** One process instance: the pid and its start time (epoch ms; 0 when unknown). */
    public record Launch(int pid, long start) {
        // Written out: a record's generated equals/hashCode link through invokedynamic and spin
        // method-handle classes on first use (~30 classes kept for the life of the agent) for a key
        // hashed every cycle (docs/performance.md).
        @Override
        public boolean equals(Object o) {
            return o instanceof Launch l && l.pid == pid && l.start == start;
        }

        @Override
        public int hashCode() {
            return 31 * pid + Long.hashCode(start);
        }

        @Override
        public String toString() {
            return "Launch[pid=" + pid + ", start=" + start + "]";
        }
    }

    /** Least recently used first (a named class: a lambda would spin a proxy class at run time). */
    private static final Comparator<Map.Entry<String, Usage>> LEAST_RECENT = new LeastRecent();

    private static final class LeastRecent implements Comparator<Map.Entry<String, Usage>> {
        @Override
        public int compare(Map.Entry<String, Usage> a, Map.Entry<String, Usage> b) {
            return Long.compare(a.getValue().lastAccessMillis, b.getValue().lastAccessMillis);
        }
    }

    public static final class Usage {
        long launches;
        long usageMillis;
        long lastAccessMillis; // 0: never seen running
        Set<Launch> live = new HashSet<>();

        public long launches() {
            return launches;
        }

        public long lastAccessMillis() {
            return lastAccessMillis;
        }

        public boolean active() {
            return !live.isEmpty();
        }

        public long usageMinutes() {
            return usageMillis / 60_000;
        }
    }

    private final Map<String, Usage> byExe = new LinkedHashMap<>();
    private long lastObservedAt;
    private boolean dirty;

    public Usage get(String exe) {
        return byExe.get(exe);
    }

    public Map<String, Usage> all() {
        return byExe;
    }

    public boolean dirty() {
        return dirty;
    }

    /** Records one sample: {@code running} maps each application executable to its live processes. */
    public void observe(Map<String, Set<Launch>> running, long now) {
        for (Map.Entry<String, Set<Launch>> e : running.entrySet()) {
            Usage u = byExe.get(e.getKey()); // not computeIfAbsent: its lambda runs every cycle
            if (u == null) {
                u = new Usage();
                byExe.put(e.getKey(), u);
            }
            long earliest = Long.MAX_VALUE;
            for (Launch l : e.getValue()) {
                if (!u.live.contains(l)) {
                    u.launches++;
                }
                earliest = Math.min(earliest, l.start() > 0 ? l.start() : now);
            }
            if (lastObservedAt > 0) {
                long from = u.active() ? lastObservedAt : Math.max(lastObservedAt, earliest);
                u.usageMillis += Math.max(0, Math.min(MAX_GAP_MILLIS, now - from));
            }
            u.live = e.getValue();
            u.lastAccessMillis = now;
            dirty = true;
        }
        for (Map.Entry<String, Usage> e : byExe.entrySet()) {
            Usage u = e.getValue();
            if (u.active() && !running.containsKey(e.getKey())) {
                u.live = new HashSet<>();
                dirty = true;
            }
        }
        lastObservedAt = now;
        evict();
    }

    /** Keeps the book bounded: the executables least recently used go first (never a running one). */
    private void evict() {
        if (byExe.size() <= MAX_APPS) {
            return;
        }
        List<Map.Entry<String, Usage>> idle = new ArrayList<>();
        for (Map.Entry<String, Usage> e : byExe.entrySet()) {
            if (!e.getValue().active()) {
                idle.add(e);
            }
        }
        idle.sort(LEAST_RECENT);
        int excess = byExe.size() - MAX_APPS;
        for (int i = 0; i < Math.min(excess, idle.size()); i++) {
            byExe.remove(idle.get(i).getKey());
        }
    }

    public byte[] serialize() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, Usage> e : byExe.entrySet()) {
            Usage u = e.getValue();
            sb.append(escape(e.getKey())).append('\t').append(u.launches).append('\t').append(u.usageMillis)
                    .append('\t').append(u.lastAccessMillis).append('\t');
            int n = 0;
            for (Launch l : u.live) {
                if (n++ >= MAX_LIVE_PERSISTED) {
                    break;
                }
                if (n > 1) {
                    sb.append(',');
                }
                sb.append(l.pid()).append(':').append(l.start());
            }
            sb.append('\n');
        }
        dirty = false;
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Loads a saved book; a line that does not parse is skipped, another version is ignored. */
    public static UsageBook parse(byte[] saved) {
        UsageBook book = new UsageBook();
        String[] lines = new String(saved, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(HEADER)) {
            return book;
        }
        for (int i = 1; i < lines.length && book.byExe.size() < MAX_APPS; i++) {
            String[] f = lines[i].split("\t", -1);
            if (f.length != 5 || f[0].isEmpty()) {
                continue;
            }
            try {
                Usage u = new Usage();
                u.launches = Math.max(0, Long.parseLong(f[1]));
                u.usageMillis = Math.max(0, Long.parseLong(f[2]));
                u.lastAccessMillis = Math.max(0, Long.parseLong(f[3]));
                if (!f[4].isEmpty()) {
                    for (String pair : f[4].split(",")) {
                        int c = pair.indexOf(':');
                        u.live.add(new Launch(Integer.parseInt(pair.substring(0, c)), Long.parseLong(pair.substring(c + 1))));
                    }
                }
                book.byExe.put(unescape(f[0]), u);
            } catch (RuntimeException e) {
                // corrupt line: that executable starts from zero
            }
        }
        return book;
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (Iterator<Integer> it = s.chars().iterator(); it.hasNext(); ) {
            char c = (char) (int) it.next();
            if (c == '\\' && it.hasNext()) {
                char n = (char) (int) it.next();
                b.append(n == 't' ? '\t' : n == 'n' ? '\n' : n == 'r' ? '\r' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

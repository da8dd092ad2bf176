package org.infinibay.infiniservice.bootstrap.hostsim;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** How many faults of each kind a fault-injecting simulator has injected (thread-safe). */
public final class FaultCounters {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    public void add(String kind, long n) {
        if (n > 0) {
            counts.computeIfAbsent(kind, k -> new AtomicLong()).addAndGet(n);
        }
    }

    public long get(String kind) {
        AtomicLong c = counts.get(kind);
        return c == null ? 0 : c.get();
    }

    public long total() {
        return counts.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** A sorted copy, for reports. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }
}

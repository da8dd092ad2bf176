package org.infinibay.infiniservice.domain.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Accepted nonces and their envelope {@code ts} (CONTRACT §4.5). An entry lives as long as its
 * envelope could still pass the freshness check; a backstop bound halves the cache by age when full.
 * Not thread-safe: its owner serialises access.
 */
public final class ReplayCache {
    public static final long WINDOW_MS = 300_000;
    public static final int DEFAULT_CAPACITY = 100_000;

    private final Map<String, Long> entries = new HashMap<>();
    private final int capacity;

    public ReplayCache() {
        this(DEFAULT_CAPACITY);
    }

    public ReplayCache(int capacity) {
        this.capacity = capacity;
    }

    /**
     * Check 6 of CONTRACT §4.4, {@code |now - ts| <= 300000}, without overflow: {@code Math.abs(now - ts)}
     * wraps for {@code ts = now - 2^63} and would accept it. Compares against the window's bounds,
     * saturated at the ends of the long range.
     */
    public static boolean fresh(long nowMs, long ts) {
        return ts >= oldestFresh(nowMs) && ts <= newestFresh(nowMs);
    }

    private static long oldestFresh(long nowMs) {
        return nowMs < Long.MIN_VALUE + WINDOW_MS ? Long.MIN_VALUE : nowMs - WINDOW_MS;
    }

    private static long newestFresh(long nowMs) {
        return nowMs > Long.MAX_VALUE - WINDOW_MS ? Long.MAX_VALUE : nowMs + WINDOW_MS;
    }

    public boolean contains(String nonce) {
        return entries.containsKey(nonce);
    }

    /**
     * Records an accepted nonce.
     *
     * @return true when the backstop evicted the oldest half to make room
     */
    public boolean add(String nonce, long ts) {
        boolean evicted = false;
        if (entries.size() >= capacity) {
            evictOldestHalf();
            evicted = true;
        }
        entries.put(nonce, ts);
        return evicted;
    }

    /** Drops entries whose envelope would now be stale. */
    public int prune(long nowMs) {
        int before = entries.size();
        long oldest = oldestFresh(nowMs);
        for (Iterator<Long> it = entries.values().iterator(); it.hasNext(); ) { // no removeIf lambda
            if (it.next() < oldest) {
                it.remove();
            }
        }
        return before - entries.size();
    }

    public int size() {
        return entries.size();
    }

    /** A copy of the entries, for persisting. */
    public Map<String, Long> snapshot() {
        return Map.copyOf(entries);
    }

    private void evictOldestHalf() {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort(Map.Entry.comparingByValue());
        for (int i = 0; i < sorted.size() / 2; i++) {
            entries.remove(sorted.get(i).getKey());
        }
    }
}

package org.infinibay.infiniservice.application.service.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.domain.auth.ReplayCache;

/**
 * The replay cache, persisted through the state store so that a restart does not reopen a
 * five-minute replay window (CONTRACT §4.5, pitfall P22). Every accepted nonce is appended before
 * the command runs (a crash right after acceptance must not let the same envelope run twice); the
 * file is rewritten compactly when entries expire.
 */
public final class ReplayStore {
    static final String FILE = "replay-cache.txt";
    private static final System.Logger LOG = System.getLogger(ReplayStore.class.getName());

    private final ReplayCache cache;
    private final StateStore store;
    private long lastPruneMs;

    public ReplayStore(StateStore store, int capacity) {
        this.store = store;
        this.cache = new ReplayCache(capacity);
    }

    /** Loads the persisted cache, dropping entries older than the window. */
    public synchronized void load(long nowMs) {
        try {
            Optional<byte[]> bytes = store.read(FILE);
            if (bytes.isEmpty()) {
                return;
            }
            for (String line : new String(bytes.get(), StandardCharsets.US_ASCII).split("\n")) {
                int sp = line.indexOf(' ');
                if (sp <= 0) {
                    continue;
                }
                try {
                    long ts = Long.parseLong(line.substring(0, sp));
                    cache.add(line.substring(sp + 1), ts);
                } catch (NumberFormatException ignored) {
                    // a torn or foreign line: skip it, keep the rest
                }
            }
            cache.prune(nowMs);
            lastPruneMs = nowMs;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "replay cache could not be read from the state directory: {0}", e.toString());
        }
    }

    /**
     * @return false when the nonce was already accepted (a replay); otherwise records and persists it
     */
    public synchronized boolean checkAndAdd(String nonce, long ts, long nowMs) {
        if (nowMs - lastPruneMs >= 60_000) {
            prune(nowMs);
        }
        if (cache.contains(nonce)) {
            return false;
        }
        if (cache.add(nonce, ts)) {
            LOG.log(Level.WARNING, "replay cache full: evicted the oldest half");
            persist();
        } else {
            appendEntry(nonce, ts);
        }
        return true;
    }

    public synchronized void prune(long nowMs) {
        if (cache.prune(nowMs) > 0) {
            persist();
        }
        lastPruneMs = nowMs;
    }

    public synchronized int size() {
        return cache.size();
    }

    private void appendEntry(String nonce, long ts) {
        if (!storable(nonce)) {
            return;
        }
        try {
            store.append(FILE, (ts + " " + nonce + "\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "replay cache could not be persisted: {0}", e.toString());
        }
    }

    /** Nonces are opaque host strings: only printable ASCII ones fit the line format on disk. */
    private static boolean storable(String nonce) {
        return nonce.length() <= 200 && nonce.chars().allMatch(c -> c > 32 && c < 127);
    }

    /** Rewrites the file with the live entries only (after pruning or eviction). */
    private void persist() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(cache.size() * 52);
        for (Map.Entry<String, Long> e : cache.snapshot().entrySet()) {
            String n = e.getKey();
            if (storable(n)) {
                out.writeBytes((e.getValue() + " " + n + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        try {
            store.write(FILE, out.toByteArray());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "replay cache could not be persisted: {0}", e.toString());
        }
    }
}

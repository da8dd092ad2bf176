package org.infinibay.infiniservice.application.service.auth;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.domain.auth.ReplayCache;
import org.infinibay.infiniservice.domain.auth.SignedEnvelope;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The replay cache, persisted through the state store so that a restart does not reopen a
 * five-minute replay window (CONTRACT §4.5, pitfall P22); the file is rewritten compactly when
 * entries expire.
 *
 * <p><b>Durability.</b> Every accepted nonce is <em>written</em> (one O_APPEND write, no fsync)
 * before anything is dispatched, so it survives the agent's crash, a {@code kill -9} or a service
 * restart: the bytes are in the kernel's page cache, and the next start reads them. Only an OS
 * crash or power loss can lose an entry that was not yet synced. Two rules close that gap where it
 * matters:
 * <ul>
 *   <li>the dispatcher calls {@link #sync()} (fdatasync) <em>before</em> it dispatches anything
 *       that can change the guest (unsafe commands, scripts, every safe action outside a small
 *       read-only set), so an envelope that changes the guest can never run twice, whatever
 *       crashes;</li>
 *   <li>everything else (keep-alives, metrics requests, read-only queries such as SystemInfo,
 *       rejected payloads) is synced within {@link #FLUSH_DELAY_MS} by one task on the agent's
 *       timer, scheduled by the first unsynced append and only then (an idle agent has no extra
 *       wakeup), and at shutdown ({@link #sync()} from the agent's stop).</li>
 * </ul>
 * What an OS crash can therefore cost is that an effect-free envelope of the last second may be
 * answered a second time if the host (or an attacker who recorded it) replays it after the guest is
 * back: a second keep_alive, a second metrics line or a second copy of a read-only answer, which
 * tells the replayer nothing the original answer did not. §4.5's purpose, that a replayed envelope
 * never acts twice, holds for every envelope with an effect, because those are durable before they
 * run. The fdatasync this saves is 0.1-1.3 ms per envelope on a virtio disk, most of a keep-alive's
 * round trip.
 *
 * <p><b>When the nonce cannot be stored.</b> A full or read-only state directory, or a failing write
 * or fdatasync, must not reopen the replay window for anything that acts (§4.5): {@link #sync()}
 * reports whether every nonce accepted so far is durable, and the dispatcher refuses a
 * state-changing message when it is not. After a failed append or fdatasync the next {@link #sync()}
 * rewrites the whole file (atomically, synced) instead of trusting the append channel, so the store
 * recovers by itself once the directory is usable again; until then effect-free messages still run
 * (their nonce stays in memory, so they are not replayable while this process lives).
 *
 * <p>Every nonce is storable: the verifier accepts only the grammar of §4.1 (1-128 characters in
 * 0x21-0x7E, {@link SignedEnvelope#validNonce}); {@link #checkAndAdd} refuses anything else.
 *
 * <p>Without a timer (the two-argument constructor) every accepted nonce is synced at once.
 */
public final class ReplayStore {
    static final String FILE = "replay-cache.txt";
    /** Effect-free nonces become durable at most this long after they were written. */
    public static final long FLUSH_DELAY_MS = 1_000;
    private static final System.Logger LOG = Logs.get(ReplayStore.class);

    private final ReplayCache cache;
    private final StateStore store;
    /** Runs the delayed sync; {@code null}: sync every accepted nonce at once. */
    private final ScheduledExecutorService timer;
    private long lastPruneMs;
    /** Entries handed to the store so far, and how many of them are known durable (both under {@code this}). */
    private long written;
    private long durable;
    private boolean flushScheduled;
    /** False while an accepted nonce is only in memory (its append failed): the next sync rewrites the file. */
    private boolean allWritten = true;
    /** The last append failed, possibly half-way: the next one starts on a fresh line. */
    private boolean tornTail;

    /** Every accepted nonce is durable before {@link #checkAndAdd} returns (tools, tests). */
    public ReplayStore(StateStore store, int capacity) {
        this(store, capacity, null);
    }

    /**
     * @param timer runs the delayed sync of nonces nobody synced explicitly (the agent's timer thread)
     */
    public ReplayStore(StateStore store, int capacity, ScheduledExecutorService timer) {
        this.store = store;
        this.cache = new ReplayCache(capacity);
        this.timer = timer;
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
                    String nonce = line.substring(sp + 1);
                    if (SignedEnvelope.validNonce(nonce)) {
                        cache.add(nonce, ts);
                    }
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
     * Checks the nonce and records it: appended to the state file (not yet synced, see the class
     * comment) before this returns. Whether it reached the file is {@link #sync()}'s answer.
     *
     * @param nonce a nonce of the §4.1 grammar ({@link SignedEnvelope#validNonce})
     * @return false when the nonce was already accepted (a replay)
     * @throws IllegalArgumentException when the nonce is outside the grammar (the verifier never passes one)
     */
    public boolean checkAndAdd(String nonce, long ts, long nowMs) {
        if (!SignedEnvelope.validNonce(nonce)) {
            throw new IllegalArgumentException("nonce outside the grammar of CONTRACT §4.1");
        }
        boolean syncNow;
        synchronized (this) {
            if (nowMs - lastPruneMs >= 60_000) {
                prune(nowMs);
            }
            if (cache.contains(nonce)) {
                return false;
            }
            if (cache.add(nonce, ts)) {
                LOG.log(Level.WARNING, "replay cache full: evicted the oldest half");
                persist();
                return true;
            }
            if (!appendEntry(nonce, ts)) {
                return true;
            }
            syncNow = !scheduleFlush();
        }
        if (syncNow) {
            sync();
        }
        return true;
    }

    /**
     * Makes every nonce accepted so far durable (fdatasync), unless it already is. Called before
     * dispatching an envelope that can change the guest, by the delayed flush, and at shutdown.
     * The fdatasync runs outside the lock: the receive thread never waits for a background sync.
     * After a failed append or fdatasync the whole file is rewritten instead (atomic, synced).
     *
     * @return true when every nonce accepted so far is durable; false when one could not be stored
     *         (the state directory is full, read-only or failing): nothing that acts may run then
     */
    public boolean sync() {
        long target;
        synchronized (this) {
            if (!allWritten) {
                persist();
                return allWritten;
            }
            target = written;
            if (durable >= target) {
                return true;
            }
        }
        try {
            store.sync(FILE);
            synchronized (this) {
                durable = Math.max(durable, target);
            }
            return true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "replay cache could not be synced: {0}", e.toString());
            synchronized (this) {
                // after a failed fdatasync the kernel may drop the dirty pages and report the next one
                // as a success: do not trust the appended bytes, rewrite the file next time
                allWritten = false;
            }
            return false;
        }
    }

    /** Whether every accepted nonce is durable (for tests and diagnostics). */
    public synchronized boolean synced() {
        return allWritten && durable >= written;
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

    /** @return true when an entry was handed to the store unsynced */
    private boolean appendEntry(String nonce, long ts) {
        String entry = ts + " " + nonce + "\n";
        try {
            store.appendUnsynced(FILE, (tornTail ? "\n" + entry : entry).getBytes(StandardCharsets.US_ASCII));
            tornTail = false;
            written++;
            return true;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "replay cache could not be persisted: {0}", e.toString());
            tornTail = true;
            allWritten = false;
            return false;
        }
    }

    /**
     * One delayed sync while anything is unsynced; none while idle.
     *
     * @return false when there is no usable timer (none configured, or shut down): sync now
     */
    private boolean scheduleFlush() {
        if (flushScheduled) {
            return true;
        }
        if (timer == null) {
            return false;
        }
        try {
            timer.schedule(new Flush(), FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return false;
        }
        flushScheduled = true;
        return true;
    }

    /** {@link #flush()} on the timer (a named class: a method reference would spin a proxy class). */
    private final class Flush implements Runnable {
        @Override
        public void run() {
            flush();
        }
    }

    private void flush() {
        synchronized (this) {
            flushScheduled = false;
        }
        sync();
    }

    /** Rewrites the file with the live entries only (after pruning or eviction, or to recover from a failed write). */
    private void persist() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(cache.size() * 52);
        for (Map.Entry<String, Long> e : cache.snapshot().entrySet()) {
            out.writeBytes((e.getValue() + " " + e.getKey() + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        try {
            store.write(FILE, out.toByteArray());
            durable = written; // the rewrite is durable and holds every live entry
            allWritten = true;
            tornTail = false;
        } catch (IOException e) {
            LOG.log(Level.WARNING, "replay cache could not be persisted: {0}", e.toString());
            allWritten = false;
        }
    }
}
